package dev.sparkjobs.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * P4: one client runs the small query back to back through the gateway, over Flight SQL (a native
 * Flight SQL client) and over HiveServer2 (the stock Hive JDBC driver: a statement per query, as
 * BI tools use it), and the same query runs as {@code spark.sql(...).collect()} in the run's
 * in-process Spark JVM on an engine started as the gateway starts its own ({@link InProcessSpark}).
 */
final class SmallQueryLatencyBenchmark
        implements Benchmark
{
    private static final double GOAL_MILLIS = 5.0;

    private final int warmups;
    private final int queries;

    SmallQueryLatencyBenchmark(int warmups, int queries)
    {
        this.warmups = warmups;
        this.queries = queries;
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
        return "P4";
    }

    @Override
    public String what()
    {
        return "small query latency p50/p99, Flight SQL and HS2";
    }

    @Override
    public String comparedWith()
    {
        return "spark.sql(...).collect() in-process";
    }

    @Override
    public String goal()
    {
        return "overhead <= 5 ms p50";
    }

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        double[] flight = Stats.sorted(flightLatencies(context));
        double[] hs2 = Stats.sorted(hs2Latencies(context));
        double[] inProcess = Stats.sorted(inProcessLatencies(context));
        double flightP50 = Stats.quantile(flight, 0.50);
        double flightP99 = Stats.quantile(flight, 0.99);
        double hs2P50 = Stats.quantile(hs2, 0.50);
        double hs2P99 = Stats.quantile(hs2, 0.99);
        double sparkP50 = Stats.quantile(inProcess, 0.50);
        double sparkP99 = Stats.quantile(inProcess, 0.99);
        double overhead = flightP50 - sparkP50;
        double hs2Overhead = hs2P50 - sparkP50;

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("query", SmallTable.QUERY);
        details.put("tableRows", SmallTable.ROWS);
        details.put("warmups", warmups);
        details.put("queries", queries);
        details.put("flightSqlMillis", percentiles(flight));
        details.put("hiveServer2Millis", percentiles(hs2));
        details.put("inProcessMillis", percentiles(inProcess));
        details.put("overheadP50Millis", overhead);
        details.put("hiveServer2OverheadP50Millis", hs2Overhead);
        List<String> notes = List.of(
                String.format(Locale.ROOT, "P4: one client, %d queries of `%s` after %d warm-up queries, each side; Flight SQL from execute() to the last batch; "
                        + "HiveServer2 through the stock Hive JDBC driver 4.0.1 (own class loader, NOSASL, one connection, a Statement per query) from "
                        + "executeQuery() to the last row read and the statement closed; in-process from spark.sql() to the end of collect(), on an engine "
                        + "started as the gateway's, in the run's in-process Spark JVM (which ran P3's queries before, as the shared gateway did).",
                        queries, SmallTable.QUERY, warmups),
                String.format(Locale.ROOT, "P4: HiveServer2 p50 %.1f ms, p99 %.1f ms (%+.1f ms p50 over in-process); a query through the Hive driver is six calls at least: "
                        + "ExecuteStatement (runAsync), GetOperationStatus, GetResultSetMetadata, FetchResults until an empty one, CloseOperation.",
                        hs2P50, hs2P99, hs2Overhead));
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "Flight SQL p50 %.1f ms, p99 %.1f ms (%+.1f ms p50); HS2 p50 %.1f ms, p99 %.1f ms (%+.1f ms p50)",
                        flightP50, flightP99, overhead, hs2P50, hs2P99, hs2Overhead),
                String.format(Locale.ROOT, "in-process p50 %.1f ms, p99 %.1f ms", sparkP50, sparkP99),
                OptionalDouble.of(flightP50 / sparkP50), goal(),
                overhead <= GOAL_MILLIS && hs2Overhead <= GOAL_MILLIS ? Verdict.MET : Verdict.MISSED, notes, details);
    }

    /** The stock Hive JDBC driver, one connection, a new statement per query, every value read. */
    private double[] hs2Latencies(BenchContext context)
            throws Exception
    {
        GatewayProcess gateway = context.gateway();
        Driver hive = Hs2FetchBenchmark.hiveDriver(context.settings().home());
        double[] millis = new double[queries];
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(hive.getClass().getClassLoader());
        try (Connection connection = hive.connect("jdbc:hive2://127.0.0.1:" + gateway.hs2Port() + "/default;auth=noSasl", new Properties())) {
            for (int i = -warmups; i < queries; i++) {
                long started = System.nanoTime();
                long rows = 0;
                try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(SmallTable.QUERY)) {
                    while (result.next()) {
                        result.getLong(1);
                        result.getString(2);
                        result.getDouble(3);
                        rows++;
                    }
                }
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - started) / 1e6;
                }
                if (rows != SmallTable.ROWS) {
                    throw new IllegalStateException("the HiveServer2 door sent " + rows + " rows, expected " + SmallTable.ROWS);
                }
            }
        }
        finally {
            thread.setContextClassLoader(previous);
        }
        context.log("P4: HiveServer2 (Hive JDBC) p50 %.1f ms over %d queries", Stats.quantile(Stats.sorted(millis), 0.5), queries);
        return millis;
    }

    private double[] flightLatencies(BenchContext context)
            throws Exception
    {
        GatewayProcess gateway = context.gateway();
        double[] millis = new double[queries];
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlClient client = ConcurrencyBenchmark.client(allocator, gateway)) {
            SmallTable.ensure(client);
            for (int i = 0; i < warmups; i++) {
                SmallTable.fetch(client);
            }
            for (int i = 0; i < queries; i++) {
                long started = System.nanoTime();
                long rows = SmallTable.fetch(client);
                millis[i] = (System.nanoTime() - started) / 1e6;
                if (rows != SmallTable.ROWS) {
                    throw new IllegalStateException("the gateway sent " + rows + " rows, expected " + SmallTable.ROWS);
                }
            }
            client.closeSession(new CloseSessionRequest());
        }
        context.log("P4: Flight SQL p50 %.1f ms over %d queries", Stats.quantile(Stats.sorted(millis), 0.5), queries);
        return millis;
    }

    private double[] inProcessLatencies(BenchContext context)
            throws IOException
    {
        String latencies = context.baseline().request("LATENCY", Integer.toString(warmups), Integer.toString(queries));
        double[] millis = Arrays.stream(latencies.split(",")).mapToDouble(nanos -> Long.parseLong(nanos) / 1e6).toArray();
        context.log("P4: in-process p50 %.1f ms over %d queries", Stats.quantile(Stats.sorted(millis), 0.5), millis.length);
        return millis;
    }

    private static Map<String, Object> percentiles(double[] sorted)
    {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("p50", Stats.quantile(sorted, 0.50));
        values.put("p90", Stats.quantile(sorted, 0.90));
        values.put("p99", Stats.quantile(sorted, 0.99));
        values.put("max", sorted[sorted.length - 1]);
        return values;
    }
}
