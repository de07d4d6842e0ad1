package dev.sparkjobs.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * P1: a large result over Flight SQL from the gateway, against a bare Arrow Flight server
 * streaming the same batches from memory, side by side in one run. Both are separate processes
 * on loopback; the client is the native Flight SQL client here, counting rows and bytes as they
 * arrive (no conversion to JDBC rows). The gateway's time includes Spark computing the rows.
 */
final class FlightFetchBenchmark
        implements Benchmark
{
    static final double GOAL = 0.70;
    private static final List<String> GATEWAY_SETTINGS = List.of(
            "spark.master",
            "spark.sql.execution.arrow.maxRecordsPerBatch",
            "spark.sql.leafNodeDefaultParallelism",
            "spark.task.maxDirectResultSize",
            "spark.driver.maxResultSize");

    private final long rows;

    FlightFetchBenchmark(long rows)
    {
        this.rows = rows;
    }

    @Override
    public boolean usesSharedGateway()
    {
        return true;
    }

    @Override
    public String id()
    {
        return "P1";
    }

    @Override
    public String what()
    {
        return "Flight SQL fetch of " + Report.count(rows) + " rows x (bigint, double, string, date)";
    }

    @Override
    public String comparedWith()
    {
        return "bare Arrow Flight server, same batches from memory";
    }

    @Override
    public String goal()
    {
        return ">= 0.70";
    }

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        BenchSettings settings = context.settings();
        String sql = GeneratedBatches.sql(rows);
        List<Fetch> gatewayRuns = new ArrayList<>();
        List<Fetch> bareRuns = new ArrayList<>();
        List<Fetch> sparkOnlyRuns = new ArrayList<>();
        Map<String, String> gatewayConf;
        GatewayProcess gateway = context.gateway();
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlClient gatewayClient = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.flightPort()))
                        .intercept(new ClientCookieMiddleware.Factory())
                        .build())) {
            gatewayConf = settings(gatewayClient);
            Schema schema = gatewayClient.getExecuteSchema(sql).getSchema();
            try (BareServerProcess bare = BareServerProcess.start(context, schema, rows, settings.bareBatchRows());
                    FlightClient bareClient = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", bare.port())).build()) {
                // The first warm-up also proves that both sides send the same values.
                int warmups = Math.max(1, settings.warmups());
                for (int i = 0; i < warmups; i++) {
                    boolean verify = i == 0;
                    Fetch fromGateway = expectRows(fetchGateway(gatewayClient, gateway.handle(), sql, verify), "gateway");
                    Fetch fromBare = expectRows(fetchBare(bareClient, bare.handle(), verify), "bare server");
                    if (verify && !fromGateway.checksum().equals(fromBare.checksum())) {
                        throw new IllegalStateException("the gateway and the bare server sent different values (checksums "
                                + fromGateway.checksum().getAsLong() + " and " + fromBare.checksum().getAsLong() + ")");
                    }
                    context.log("P1 warm-up %d/%d: gateway %.2f s, bare %.2f s%s", i + 1, warmups, fromGateway.seconds(), fromBare.seconds(),
                            verify ? " (values verified equal)" : "");
                }
                // Sides alternate, so that neither always runs right after the other.
                for (int i = 0; i < settings.iterations(); i++) {
                    Fetch fromGateway;
                    Fetch fromBare;
                    if (i % 2 == 0) {
                        fromGateway = expectRows(fetchGateway(gatewayClient, gateway.handle(), sql, false), "gateway");
                        fromBare = expectRows(fetchBare(bareClient, bare.handle(), false), "bare server");
                    }
                    else {
                        fromBare = expectRows(fetchBare(bareClient, bare.handle(), false), "bare server");
                        fromGateway = expectRows(fetchGateway(gatewayClient, gateway.handle(), sql, false), "gateway");
                    }
                    Fetch sparkOnly = fetchGateway(gatewayClient, gateway.handle(), sparkOnlySql(sql), false);
                    gatewayRuns.add(fromGateway);
                    bareRuns.add(fromBare);
                    sparkOnlyRuns.add(sparkOnly);
                    context.log("P1 iteration %d/%d: gateway %.2f s (%s rows/s, CPU %.2f s), bare %.2f s (%s rows/s, CPU %.2f s); Spark alone %.2f s (CPU %.2f s)",
                            i + 1, settings.iterations(),
                            fromGateway.seconds(), Report.rate(fromGateway.rowsPerSecond()), fromGateway.serverCpuSeconds(),
                            fromBare.seconds(), Report.rate(fromBare.rowsPerSecond()), fromBare.serverCpuSeconds(),
                            sparkOnly.seconds(), sparkOnly.serverCpuSeconds());
                }
            }
            finally {
                gatewayClient.closeSession(new CloseSessionRequest());
            }
        }
        return figure(sql, gatewayConf, gatewayRuns, bareRuns, sparkOnlyRuns, settings);
    }

    /**
     * The same rows computed by Spark in the gateway and folded into one row there: what Spark
     * alone needs to produce the result, without converting it to Arrow or sending it. A
     * diagnostic, not part of the ratio: the gateway cannot beat it by streaming faster.
     */
    static String sparkOnlySql(String sql)
    {
        return "SELECT count(*) AS n, sum(id) AS ids, sum(x) AS xs, sum(length(s)) AS chars, max(d) AS last_day FROM (" + sql + ") AS result";
    }

    private Figure figure(String sql, Map<String, String> gatewayConf, List<Fetch> gatewayRuns, List<Fetch> bareRuns, List<Fetch> sparkOnlyRuns,
            BenchSettings settings)
    {
        double sparkOnlySeconds = Stats.median(sparkOnlyRuns, Fetch::seconds);
        double gatewayRows = Stats.median(gatewayRuns, Fetch::rowsPerSecond);
        double gatewayMegabytes = Stats.median(gatewayRuns, Fetch::megabytesPerSecond);
        double bareRows = Stats.median(bareRuns, Fetch::rowsPerSecond);
        double bareMegabytes = Stats.median(bareRuns, Fetch::megabytesPerSecond);
        double ratio = gatewayRows / bareRows;

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rows", rows);
        details.put("sql", sql);
        details.put("warmups", Math.max(1, settings.warmups()));
        details.put("iterations", settings.iterations());
        details.put("ratio", ratio);
        details.put("gateway", side(gatewayRuns, gatewayRows, gatewayMegabytes));
        details.put("bare", side(bareRuns, bareRows, bareMegabytes));
        Map<String, Object> sparkOnly = new LinkedHashMap<>();
        sparkOnly.put("sql", sparkOnlySql(sql));
        sparkOnly.put("medianSeconds", sparkOnlySeconds);
        sparkOnly.put("medianServerCpuSeconds", Stats.median(sparkOnlyRuns, Fetch::serverCpuSeconds));
        sparkOnly.put("seconds", sparkOnlyRuns.stream().map(Fetch::seconds).toList());
        details.put("sparkOnly", sparkOnly);
        details.put("bareBatchRows", settings.bareBatchRows());
        details.put("gatewaySparkConf", gatewayConf);
        details.put("valuesVerifiedEqual", true);
        details.put("timeIncludesSparkComputingRows", true);

        List<String> notes = List.of(
                String.format(Locale.ROOT, "P1: median of %d iterations after %d warm-up(s), sides alternating; MB = 10^6 bytes of Arrow buffers received.",
                        settings.iterations(), Math.max(1, settings.warmups())),
                "P1: the gateway's time runs from execute() to its last batch and includes Spark computing the rows "
                        + "(range, casts) and converting them to Arrow; the bare server's batches were built before the clock started.",
                String.format(Locale.ROOT, "P1: Spark alone computing the same rows in the gateway (aggregated there, nothing converted or sent) takes %.2f s "
                        + "(median), %s rows/s: the gateway's floor, a ratio of at most %.2f here however fast it streams.",
                        sparkOnlySeconds, Report.rate(rows / sparkOnlySeconds), Stats.median(bareRuns, Fetch::seconds) / sparkOnlySeconds),
                String.format(Locale.ROOT, "P1: CPU per fetch (median, all threads): gateway process %.2f s, bare server %.2f s, Spark alone %.2f s; "
                        + "the client used %.2f s reading from the gateway, %.2f s from the bare server.",
                        Stats.median(gatewayRuns, Fetch::serverCpuSeconds), Stats.median(bareRuns, Fetch::serverCpuSeconds),
                        Stats.median(sparkOnlyRuns, Fetch::serverCpuSeconds),
                        Stats.median(gatewayRuns, Fetch::clientCpuSeconds), Stats.median(bareRuns, Fetch::clientCpuSeconds)),
                String.format(Locale.ROOT, "P1: gateway %s batches (Spark maxRecordsPerBatch %s), bare %s batches of %,d rows; both sides sent equal values (checksum).",
                        Report.count(gatewayRuns.get(0).batches()), gatewayConf.getOrDefault("spark.sql.execution.arrow.maxRecordsPerBatch", "?"),
                        Report.count(bareRuns.get(0).batches()), settings.bareBatchRows()));
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "%s rows/s, %.0f MB/s", Report.rate(gatewayRows), gatewayMegabytes),
                String.format(Locale.ROOT, "bare Flight: %s rows/s, %.0f MB/s", Report.rate(bareRows), bareMegabytes),
                OptionalDouble.of(ratio), goal(), Verdict.atLeast(ratio, GOAL), notes, details);
    }

    private static Map<String, Object> side(List<Fetch> runs, double rowsPerSecond, double megabytesPerSecond)
    {
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("rowsReceived", runs.stream().map(Fetch::rows).toList());
        side.put("medianRowsPerSecond", rowsPerSecond);
        side.put("medianMegabytesPerSecond", megabytesPerSecond);
        side.put("medianSeconds", Stats.median(runs, Fetch::seconds));
        side.put("minSeconds", Stats.min(runs, Fetch::seconds));
        side.put("maxSeconds", Stats.max(runs, Fetch::seconds));
        side.put("bytes", runs.get(0).bytes());
        side.put("batches", runs.get(0).batches());
        side.put("seconds", runs.stream().map(Fetch::seconds).toList());
        side.put("medianServerCpuSeconds", Stats.median(runs, Fetch::serverCpuSeconds));
        side.put("medianClientCpuSeconds", Stats.median(runs, Fetch::clientCpuSeconds));
        return side;
    }

    private Fetch expectRows(Fetch fetch, String side)
    {
        if (fetch.rows() != rows) {
            throw new IllegalStateException("the " + side + " sent " + fetch.rows() + " rows, expected " + rows);
        }
        return fetch;
    }

    private static Fetch fetchGateway(FlightSqlClient client, ProcessHandle gateway, String sql, boolean checksum)
            throws Exception
    {
        Fetch.Counter counter = new Fetch.Counter(gateway, checksum);
        FlightInfo info = client.execute(sql);
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                counter.drain(stream);
            }
        }
        return counter.finish();
    }

    private static Fetch fetchBare(FlightClient client, ProcessHandle bare, boolean checksum)
            throws Exception
    {
        Fetch.Counter counter = new Fetch.Counter(bare, checksum);
        FlightInfo info = client.getInfo(FlightDescriptor.command(BareFlightServer.TICKET));
        for (FlightEndpoint endpoint : info.getEndpoints()) {
            try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                counter.drain(stream);
            }
        }
        return counter.finish();
    }

    /** The gateway's Spark settings that shape this figure, as {@code SET key} answers them. */
    private static Map<String, String> settings(FlightSqlClient client)
            throws Exception
    {
        Map<String, String> conf = new LinkedHashMap<>();
        for (String key : GATEWAY_SETTINGS) {
            FlightInfo info = client.execute("SET " + key);
            for (FlightEndpoint endpoint : info.getEndpoints()) {
                try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                    VectorSchemaRoot root = stream.getRoot();
                    while (stream.next()) {
                        if (root.getRowCount() > 0 && root.getVector("value") instanceof VarCharVector value && !value.isNull(0)) {
                            conf.put(key, new String(value.get(0), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        return conf;
    }
}
