package dev.sparkjobs.bench.tpch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The 22 TPC-H queries as the tpch jar holds them ({@code io/trino/tpch/queries/qN.sql}), in
 * Trino's dialect, which Spark SQL and DuckDB both read unchanged with three adaptations, the
 * same for both engines:
 * <ol>
 * <li>The header comment ({@code -- database: presto; groups: tpch; tables: ...}) is dropped: its
 *     semicolons would split it.</li>
 * <li>Statements are split at {@code ;} and sent one by one, without the terminator: JDBC takes
 *     one statement per call. Only q15 has more than one: it creates the view {@code revenue},
 *     queries it, and the runner drops the view afterwards.</li>
 * <li>Nothing else: the typed literal {@code DECIMAL '0.06'} of q6 is left as it is, and q6 is
 *     the one known gap (Spark's parser rejects typed DECIMAL literals).</li>
 * </ol>
 */
public final class TpchQueries
{
    private static final Pattern ORDER_BY = Pattern.compile("(?is)\\border\\s+by\\b");

    /** One query: the statements to run before, the query itself, and those to run after. */
    public record Query(int number, List<String> setup, String query, List<String> teardown)
    {
        public Query
        {
            setup = List.copyOf(setup);
            requireNonNull(query, "query is null");
            teardown = List.copyOf(teardown);
        }

        public String name()
        {
            return String.format("q%02d", number);
        }

        /** Whether the result's order is defined, so that rows compare in order. */
        public boolean ordered()
        {
            return ORDER_BY.matcher(query).find();
        }
    }

    private TpchQueries() {}

    public static List<Query> all()
    {
        List<Query> queries = new ArrayList<>();
        for (int number = 1; number <= 22; number++) {
            queries.add(query(number));
        }
        return queries;
    }

    static Query query(int number)
    {
        String text = String.join("\n", resource("io/trino/tpch/queries/q" + number + ".sql").lines()
                .filter(line -> !line.strip().startsWith("--"))
                .toList());
        List<String> statements = Arrays.stream(text.split(";"))
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
        String query = statements.get(statements.size() - 1);
        List<String> setup = statements.subList(0, statements.size() - 1);
        List<String> teardown = new ArrayList<>();
        for (String statement : setup) {
            var view = Pattern.compile("(?is)CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(\\w+)").matcher(statement);
            if (view.find()) {
                teardown.add("DROP VIEW IF EXISTS " + view.group(1));
            }
        }
        return new Query(number, setup, query, teardown);
    }

    private static String resource(String name)
    {
        try (InputStream in = TpchQueries.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath: the io.trino.tpch:tpch jar holds it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
