package dev.sparkjobs.bench;

import dev.sparkjobs.bench.tpch.TpchData;
import dev.sparkjobs.bench.tpch.TpchQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * P3: the 22 TPC-H queries through the gateway's Flight SQL door (a native Flight SQL client,
 * every batch received) against the same statements as {@code spark.sql(...).collect()} in the
 * run's in-process Spark JVM ({@link InProcessTpch} in {@link InProcessBaseline}) on an engine started as the gateway's, over the same
 * generated data (the Trino generator's files, copied into Parquet tables by the same statements on
 * each side). Scale factor 1 in a full run, 0.01 otherwise ({@code --quick}, the smoke test); the system property
 * {@code sparkjobs.bench.tpch-scale} sets another. Both sides load at the same time (not
 * measured), then run one uncounted round at scales below 0.5, then the measured rounds (two at
 * SF1, one below): query by query, each query on both sides back to back, the side that goes first
 * alternating, so that both see the machine in the same state and drift (other load, the JIT, a
 * busy disk) falls on both alike. A query's time on a side is the median of its rounds; the
 * figure is the ratio of the sums.
 */
final class TpchBenchmark
        implements Benchmark
{
    private static final double GOAL = 1.05;
    private static final String DATABASE = "tpch_bench";

    private final double scaleFactor;
    /**
     * Rounds of all 22 queries run first and not counted: one at small scales, where the first round
     * is mostly planning and code generation; none at SF1, none with --quick (its figure is the
     * first round on both sides, cold JVMs alike).
     */
    private final int warmupRounds;
    /** Measured rounds: two at SF1, where one query's time varies by a third from run to run on this machine; one below. */
    private final int rounds;

    TpchBenchmark(String mode)
    {
        String configured = System.getProperty("sparkjobs.bench.tpch-scale");
        this.scaleFactor = configured != null ? Double.parseDouble(configured) : mode.equals("full") ? 1.0 : 0.01;
        // --quick (and the smoke test) measure the first round: both sides cold, which costs less than warming both.
        this.warmupRounds = scaleFactor < 0.5 && !mode.equals("quick") && !mode.equals("smoke") ? 1 : 0;
        this.rounds = scaleFactor < 0.5 ? 1 : 2;
    }

    @Override
    public boolean usesSharedGateway()
    {
        return true;
    }

    @Override
    public boolean usesInProcessSpark()
    {
        return true;
    }

    @Override
    public String id()
    {
        return "P3";
    }

    @Override
    public String what()
    {
        return String.format(Locale.ROOT, "TPC-H SF%s, 22 queries, through Flight SQL", scale());
    }

    @Override
    public String comparedWith()
    {
        return "in-process SparkSession, same data and conf";
    }

    @Override
    public String goal()
    {
        return "<= 1.05x";
    }

    private String scale()
    {
        return scaleFactor == Math.rint(scaleFactor) ? Long.toString((long) scaleFactor) : Double.toString(scaleFactor);
    }

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        Path data = context.workDirectory().resolve("tpch-sf" + scale());
        long generateStarted = System.nanoTime();
        List<TpchData.Table> tables = TpchData.generate(scaleFactor, data);
        context.log("P3: TPC-H SF%s generated in %.1f s under %s", scale(), (System.nanoTime() - generateStarted) / 1e9, data);
        Path scripts = context.workDirectory().resolve("tpch-scripts");
        Files.createDirectories(scripts);
        List<String> load = load(tables);
        Files.writeString(scripts.resolve("load.sql"), String.join("\n;\n", load) + "\n", StandardCharsets.UTF_8);
        List<TpchQueries.Query> queries = TpchQueries.all();
        for (TpchQueries.Query query : queries) {
            // The query last: its rows are the ones counted; q15's view is dropped before and recreated by setup next time.
            List<String> ordered = new ArrayList<>(query.teardown());
            ordered.add(0, "USE " + DATABASE);
            ordered.addAll(query.setup());
            ordered.add(query.query());
            Files.writeString(scripts.resolve(query.name() + ".sql"), String.join("\n;\n", ordered) + "\n", StandardCharsets.UTF_8);
        }

        long gatewayTotal = 0;
        long inProcessTotal = 0;
        Map<String, Object> perQuery = new LinkedHashMap<>();
        BaselineProcess inProcess = context.baseline();
        // The in-process side loads (and runs its uncounted rounds) while the gateway does.
        CompletableFuture<Void> inProcessLoaded = CompletableFuture.runAsync(() -> {
            try {
                inProcess.request("TPCH_LOAD", scripts.toString(), Integer.toString(warmupRounds));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlClient client = ConcurrencyBenchmark.client(allocator, context.gateway())) {
            long started = System.nanoTime();
            for (String statement : load) {
                client.executeUpdate(statement);
            }
            context.log("P3: loaded into the gateway in %.1f s (in-process Spark loading at the same time)", (System.nanoTime() - started) / 1e9);
            for (int round = 0; round < warmupRounds; round++) {
                for (TpchQueries.Query query : queries) {
                    throughGateway(client, scripts, query);
                }
            }
            try {
                inProcessLoaded.join();
            }
            catch (CompletionException e) {
                throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : e;
            }
            context.log("P3: both sides ready; %d measured round(s), each query on both sides back to back", rounds);
            Map<String, long[]> gatewayMillis = new LinkedHashMap<>();
            Map<String, long[]> inProcessMillis = new LinkedHashMap<>();
            Map<String, Long> rows = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < queries.size(); i++) {
                    TpchQueries.Query query = queries.get(i);
                    long[] ours;
                    long[] theirs;
                    if ((round + i) % 2 == 0) {
                        ours = throughGateway(client, scripts, query);
                        theirs = inProcessRun(inProcess, scripts, query.name());
                    }
                    else {
                        theirs = inProcessRun(inProcess, scripts, query.name());
                        ours = throughGateway(client, scripts, query);
                    }
                    if (ours[1] != theirs[1]) {
                        throw new IllegalStateException(String.format(Locale.ROOT, "%s: the gateway sent %d rows, in-process Spark made %d", query.name(), ours[1], theirs[1]));
                    }
                    gatewayMillis.computeIfAbsent(query.name(), name -> new long[rounds])[round] = ours[0];
                    inProcessMillis.computeIfAbsent(query.name(), name -> new long[rounds])[round] = theirs[0];
                    rows.put(query.name(), ours[1]);
                    context.log("P3: %s round %d: gateway %d ms, in-process %d ms, %d rows", query.name(), round + 1, ours[0], theirs[0], ours[1]);
                }
            }
            client.closeSession(new CloseSessionRequest());
            for (TpchQueries.Query query : queries) {
                long ours = median(gatewayMillis.get(query.name()));
                long theirs = median(inProcessMillis.get(query.name()));
                gatewayTotal += ours;
                inProcessTotal += theirs;
                perQuery.put(query.name(), Map.of("gatewayMillis", ours, "inProcessMillis", theirs, "rows", rows.get(query.name()),
                        "gatewayRoundsMillis", gatewayMillis.get(query.name()), "inProcessRoundsMillis", inProcessMillis.get(query.name())));
            }
        }
        double ratio = (double) gatewayTotal / inProcessTotal;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scaleFactor", scaleFactor);
        details.put("rounds", rounds);
        details.put("gatewayMillis", gatewayTotal);
        details.put("inProcessMillis", inProcessTotal);
        details.put("queries", perQuery);
        List<String> notes = List.of(String.format(Locale.ROOT, "P3: SF%s, 22 queries, %d uncounted round(s) after loading, then %d measured round(s) "
                + "with each query on both sides back to back (alternating which goes first), a query's time the median of its rounds; one client; gateway: "
                + "Flight SQL execute() to the last batch of every endpoint (q15 includes its CREATE VIEW); in-process: spark.sql().collect() on an engine "
                + "started as the gateway's, in the run's in-process Spark JVM (P4 and P6 use it too, as they use the shared gateway); row counts equal on both sides for every query.", scale(), warmupRounds, rounds));
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "gateway %.1f s", gatewayTotal / 1e3),
                String.format(Locale.ROOT, "in-process %.1f s", inProcessTotal / 1e3),
                OptionalDouble.of(ratio), goal(), ratio <= GOAL ? Verdict.MET : Verdict.MISSED, notes, details);
    }

    /** The statements that turn the generated files into Parquet tables, the same on both sides. */
    private static List<String> load(List<TpchData.Table> tables)
    {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE DATABASE IF NOT EXISTS " + DATABASE);
        statements.add("USE " + DATABASE);
        for (TpchData.Table table : tables) {
            statements.add("DROP TABLE IF EXISTS " + table.name());
            statements.add("DROP TABLE IF EXISTS " + table.name() + "_csv");
            statements.add("CREATE TABLE " + table.name() + "_csv (" + table.sparkColumns() + ") USING csv OPTIONS (path '"
                    + table.file().toAbsolutePath() + "', delimiter '|', header 'false', quote '', mode 'FAILFAST')");
            statements.add("CREATE TABLE " + table.name() + " USING parquet AS SELECT * FROM " + table.name() + "_csv");
        }
        return statements;
    }

    /** One query through Flight SQL: milliseconds (its statements, then every batch of the query) and rows of its last statement. */
    private static long[] throughGateway(FlightSqlClient client, Path scripts, TpchQueries.Query query)
            throws Exception
    {
        List<String> statements = InProcessTpch.statements(scripts.resolve(query.name() + ".sql"));
        long begun = System.nanoTime();
        for (String statement : statements.subList(0, statements.size() - 1)) {
            client.executeUpdate(statement);
        }
        long rows = fetch(client, statements.get(statements.size() - 1));
        return new long[] {(System.nanoTime() - begun) / 1_000_000, rows};
    }

    private static long median(long[] values)
    {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long fetch(FlightSqlClient client, String query)
            throws Exception
    {
        long rows = 0;
        for (FlightEndpoint endpoint : client.execute(query).getEndpoints()) {
            try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                while (stream.next()) {
                    rows += stream.getRoot().getRowCount();
                }
            }
        }
        return rows;
    }

    /** One query on the in-process side: milliseconds and rows, as it measured them. */
    private static long[] inProcessRun(BaselineProcess inProcess, Path scripts, String name)
            throws IOException
    {
        String[] parts = inProcess.request("TPCH", scripts.toString(), name).split(" ");
        return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
    }
}
