package dev.sparkjobs.bench;

import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * P9's measurement: each statement of a file parsed by our Calcite parser
 * ({@link ExtendedSqlParser#parseStatements(String)}) and, where Spark's grammar has it, by
 * Spark's own ({@code CatalystSqlParser.parsePlan}), interleaved statement by statement so that
 * both parsers see the same JIT and GC conditions. Started by {@link ParseBenchmark} on the
 * gateway's classpath (Spark and sql-extensions, as the gateway has them):
 *
 * <pre>java ... dev.sparkjobs.bench.ParserTiming STATEMENTS_FILE WARMUPS ITERATIONS</pre>
 *
 * The file holds statements each after a line {@code -- @statement NAME KIND}, KIND being
 * {@code both} (both parsers) or {@code ours} (the extended grammar, which Spark cannot parse).
 * It prints {@code TIMING NAME PARSER n1,n2,...} (nanoseconds per parse) or
 * {@code REFUSED NAME PARSER message} per statement and parser, and exits.
 */
public final class ParserTiming
{
    static final String MARKER = "-- @statement ";
    static final String TIMING = "TIMING ";
    static final String REFUSED = "REFUSED ";
    static final String OURS = "calcite";
    static final String SPARK = "spark";

    private ParserTiming()
    {
    }

    record Statement(String name, boolean both, String sql) {}

    public static void main(String[] args)
            throws Exception
    {
        if (args.length != 3) {
            System.err.println("usage: ParserTiming STATEMENTS_FILE WARMUPS ITERATIONS");
            System.exit(2);
        }
        List<Statement> statements = read(Path.of(args[0]));
        int warmups = Integer.parseInt(args[1]);
        int iterations = Integer.parseInt(args[2]);
        int count = statements.size();
        long[][] ours = new long[count][iterations];
        long[][] spark = new long[count][iterations];
        String[] oursRefused = new String[count];
        String[] sparkRefused = new String[count];
        for (int i = 0; i < count; i++) {
            Statement statement = statements.get(i);
            oursRefused[i] = refusal(() -> ExtendedSqlParser.parseStatements(statement.sql()));
            sparkRefused[i] = statement.both() ? refusal(() -> CatalystSqlParser$.MODULE$.parsePlan(statement.sql())) : "not Spark's grammar";
        }
        for (int iteration = -warmups; iteration < iterations; iteration++) {
            for (int i = 0; i < count; i++) {
                Statement statement = statements.get(i);
                // The parsers alternate which goes first, so that neither always runs on a warmer cache.
                boolean oursFirst = ((iteration + i) & 1) == 0;
                for (int side = 0; side < 2; side++) {
                    boolean runOurs = (side == 0) == oursFirst;
                    long nanos;
                    if (runOurs) {
                        if (oursRefused[i] != null) {
                            continue;
                        }
                        long started = System.nanoTime();
                        ExtendedSqlParser.parseStatements(statement.sql());
                        nanos = System.nanoTime() - started;
                    }
                    else {
                        if (sparkRefused[i] != null) {
                            continue;
                        }
                        long started = System.nanoTime();
                        CatalystSqlParser$.MODULE$.parsePlan(statement.sql());
                        nanos = System.nanoTime() - started;
                    }
                    if (iteration >= 0) {
                        (runOurs ? ours : spark)[i][iteration] = nanos;
                    }
                }
            }
        }
        for (int i = 0; i < count; i++) {
            String name = statements.get(i).name();
            print(name, OURS, oursRefused[i], ours[i]);
            if (statements.get(i).both()) {
                print(name, SPARK, sparkRefused[i], spark[i]);
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private static void print(String name, String parser, String refused, long[] nanos)
    {
        if (refused != null) {
            System.out.println(REFUSED + name + " " + parser + " " + refused.replaceAll("\\s+", " "));
        }
        else {
            System.out.println(TIMING + name + " " + parser + " " + Arrays.stream(nanos).mapToObj(Long::toString).collect(Collectors.joining(",")));
        }
    }

    private interface Parse
    {
        void run()
                throws Exception;
    }

    /** Null when the statement parses; otherwise why not. */
    private static String refusal(Parse parse)
    {
        try {
            parse.run();
            return null;
        }
        catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return message.length() > 200 ? message.substring(0, 200) : message;
        }
    }

    static List<Statement> read(Path file)
            throws IOException
    {
        List<Statement> statements = new ArrayList<>();
        String name = null;
        boolean both = false;
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith(MARKER)) {
                if (name != null) {
                    statements.add(new Statement(name, both, sql.toString().strip()));
                }
                String[] parts = line.substring(MARKER.length()).trim().split("\\s+");
                name = parts[0];
                both = parts[1].equals("both");
                sql.setLength(0);
            }
            else {
                sql.append(line).append('\n');
            }
        }
        if (name != null) {
            statements.add(new Statement(name, both, sql.toString().strip()));
        }
        return statements;
    }
}
