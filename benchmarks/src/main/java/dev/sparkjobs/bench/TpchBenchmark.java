package dev.sparkjobs.bench;

import dev.sparkjobs.bench.tpch.TpchData;
import dev.sparkjobs.bench.tpch.TpchQueries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * P3: the 22 TPC-H queries through the gateway's Flight SQL door (a native Flight SQL client,
 * every batch received) against the same statements as {@code spark.sql(...).collect()} in a JVM
 * of its own ({@link InProcessTpch}) on an engine started as the gateway's, over the same
 * generated data (the Trino generator's files, copied into Parquet tables by the same statements on
 * each side). Scale factor 1 in a full run, 0.01 otherwise ({@code --quick}, the smoke test); the system property
 * {@code sparkjobs.bench.tpch-scale} sets another. Each side runs the queries once after loading
 * (which warms both JVMs alike), after one uncounted round at scales below 0.5; the figure is the
 * ratio of the totals.
 */
final class TpchBenchmark
        implements Benchmark
{
    private static final double GOAL = 1.05;
    private static final String DATABASE = "tpch_bench";

    private final double scaleFactor;
    /** Rounds of all 22 queries run first and not counted: one at small scales, where the first round is mostly planning and code generation; none at SF1. */
    private final int warmupRounds;

    TpchBenchmark(String mode)
    {
        String configured = System.getProperty("sparkjobs.bench.tpch-scale");
        this.scaleFactor = configured != null ? Double.parseDouble(configured) : mode.equals("full") ? 1.0 : 0.01;
        this.warmupRounds = scaleFactor < 0.5 ? 1 : 0;
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

        Map<String, long[]> gateway = throughGateway(context, load, scripts, queries);
        Map<String, long[]> inProcess = inProcess(context, scripts);

        long gatewayTotal = 0;
        long inProcessTotal = 0;
        Map<String, Object> perQuery = new LinkedHashMap<>();
        for (TpchQueries.Query query : queries) {
            long[] ours = gateway.get(query.name());
            long[] theirs = inProcess.get(query.name());
            if (theirs == null) {
                throw new IllegalStateException("in-process Spark reported nothing for " + query.name());
            }
            if (ours[1] != theirs[1]) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s: the gateway sent %d rows, in-process Spark made %d", query.name(), ours[1], theirs[1]));
            }
            gatewayTotal += ours[0];
            inProcessTotal += theirs[0];
            perQuery.put(query.name(), Map.of("gatewayMillis", ours[0], "inProcessMillis", theirs[0], "rows", ours[1]));
        }
        double ratio = (double) gatewayTotal / inProcessTotal;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scaleFactor", scaleFactor);
        details.put("gatewayMillis", gatewayTotal);
        details.put("inProcessMillis", inProcessTotal);
        details.put("queries", perQuery);
        List<String> notes = List.of(String.format(Locale.ROOT, "P3: SF%s, 22 queries once each after loading and %d uncounted round(s), one client; gateway: Flight SQL execute() to the last batch of "
                + "every endpoint (q15 includes its CREATE VIEW); in-process: spark.sql().collect() on an engine started as the gateway's, its own JVM; "
                + "row counts equal on both sides for every query.", scale(), warmupRounds));
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

    /** Per query: milliseconds and rows of its last statement, through Flight SQL. */
    private Map<String, long[]> throughGateway(BenchContext context, List<String> load, Path scripts, List<TpchQueries.Query> queries)
            throws Exception
    {
        Map<String, long[]> results = new LinkedHashMap<>();
        GatewayProcess gateway = context.gateway();
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlClient client = ConcurrencyBenchmark.client(allocator, gateway)) {
            long started = System.nanoTime();
            for (String statement : load) {
                client.executeUpdate(statement);
            }
            context.log("P3: loaded into the gateway in %.1f s", (System.nanoTime() - started) / 1e9);
            for (int round = 0; round < warmupRounds; round++) {
                for (TpchQueries.Query query : queries) {
                    List<String> statements = InProcessTpch.statements(scripts.resolve(query.name() + ".sql"));
                    for (String statement : statements.subList(0, statements.size() - 1)) {
                        client.executeUpdate(statement);
                    }
                    fetch(client, statements.get(statements.size() - 1));
                }
            }
            for (TpchQueries.Query query : queries) {
                List<String> statements = InProcessTpch.statements(scripts.resolve(query.name() + ".sql"));
                long begun = System.nanoTime();
                for (String statement : statements.subList(0, statements.size() - 1)) {
                    client.executeUpdate(statement);
                }
                long rows = fetch(client, statements.get(statements.size() - 1));
                long millis = (System.nanoTime() - begun) / 1_000_000;
                results.put(query.name(), new long[] {millis, rows});
                context.log("P3: gateway %s %d ms, %d rows", query.name(), millis, rows);
            }
            client.closeSession(new CloseSessionRequest());
        }
        return results;
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

    private Map<String, long[]> inProcess(BenchContext context, Path scripts)
            throws IOException, InterruptedException
    {
        Path directory = context.workDirectory().resolve("in-process-tpch");
        Files.createDirectories(directory);
        Path log = directory.resolve("in-process-tpch.log");
        List<String> command = JavaCommand.onGatewayClasspath(context.settings().home(),
                context.settings().gatewayHeap().orElse(BareServerProcess.LAUNCHER_DEFAULT_HEAP), InProcessTpch.class,
                List.of(directory.resolve("data").toString(), scripts.toString(), Integer.toString(warmupRounds)));
        context.log("P3: in-process Spark in its own JVM (log %s)", log);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(log.toFile()).start();
        Map<String, long[]> results = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(InProcessTpch.QUERY)) {
                    String[] parts = line.substring(InProcessTpch.QUERY.length()).trim().split(" ");
                    results.put(parts[0], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])});
                    context.log("P3: in-process %s %s ms, %s rows", parts[0], parts[1], parts[2]);
                }
            }
        }
        finally {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        if (results.size() != 22) {
            throw new IOException("in-process Spark reported " + results.size() + " of 22 queries; see " + log);
        }
        return results;
    }
}
