package dev.sparkjobs.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * P10: P1's result fetched from a {@code process} engine, straight from the engine (the
 * {@code FlightInfo} names the engine's location and a signed ticket) against relayed by the
 * gateway: one packaged gateway on {@code engine.provider: process} with direct results and one warm
 * engine, and two Flight SQL sessions of one user on it (so both lease that engine), one of which
 * asks for relayed results with the session option {@code direct_results=false}. The client is
 * the native Flight SQL client, as in P1, and fetches from each session in turn.
 */
final class EngineFetchBenchmark
        implements Benchmark
{
    static final String ENGINE_MAIN = "dev.sparkjobs.pool.remote.EngineMain";
    static final String ENGINE_MEMORY = "2g";
    /** The gateway's session option for relayed results (SparkJobsFlightSqlProducer.DIRECT_RESULTS_OPTION). */
    static final String RELAY_OPTION = "direct_results";

    private final long rows;

    EngineFetchBenchmark(long rows)
    {
        this.rows = rows;
    }

    @Override
    public void prestart(BenchContext context)
    {
        context.prestartGateway("p10", () -> start(context, "p10"));
    }

    @Override
    public String id()
    {
        return "P10";
    }

    @Override
    public String what()
    {
        return "Flight SQL fetch of " + Report.count(rows) + " rows from a process engine: direct from the engine vs relayed by the gateway";
    }

    @Override
    public String comparedWith()
    {
        return "relayed by the gateway (engine.direct-results: false)";
    }

    @Override
    public String goal()
    {
        return "report";
    }

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        BenchSettings settings = context.settings();
        String sql = GeneratedBatches.sql(rows);
        List<Fetch> directRuns = new ArrayList<>();
        List<Fetch> relayedRuns = new ArrayList<>();
        int warmups = Math.max(1, settings.warmups());
        try (GatewayProcess gateway = context.ownGateway("p10", () -> start(context, "p10"));
                BufferAllocator allocator = new RootAllocator();
                Side direct = new Side("direct", gateway, true, allocator);
                Side relayed = new Side("relayed", gateway, false, allocator)) {
            for (int i = 0; i < warmups; i++) {
                boolean verify = i == 0;
                Fetch fromEngine = expectRows(direct.fetch(sql, verify), direct.name);
                Fetch throughGateway = expectRows(relayed.fetch(sql, verify), relayed.name);
                if (verify && !fromEngine.checksum().equals(throughGateway.checksum())) {
                    throw new IllegalStateException("the engine and the relaying gateway sent different values (checksums "
                            + fromEngine.checksum().getAsLong() + " and " + throughGateway.checksum().getAsLong() + ")");
                }
                context.log("P10 warm-up %d/%d: direct %.2f s, relayed %.2f s%s", i + 1, warmups, fromEngine.seconds(), throughGateway.seconds(),
                        verify ? " (values verified equal)" : "");
            }
            // Sides alternate, so that neither always runs right after the other.
            for (int i = 0; i < settings.iterations(); i++) {
                Fetch fromEngine;
                Fetch throughGateway;
                if (i % 2 == 0) {
                    fromEngine = expectRows(direct.fetch(sql, false), direct.name);
                    throughGateway = expectRows(relayed.fetch(sql, false), relayed.name);
                }
                else {
                    throughGateway = expectRows(relayed.fetch(sql, false), relayed.name);
                    fromEngine = expectRows(direct.fetch(sql, false), direct.name);
                }
                directRuns.add(fromEngine);
                relayedRuns.add(throughGateway);
                context.log("P10 iteration %d/%d: direct %.2f s (%s rows/s, gateway + engine CPU %.2f s), relayed %.2f s (%s rows/s, CPU %.2f s)",
                        i + 1, settings.iterations(),
                        fromEngine.seconds(), Report.rate(fromEngine.rowsPerSecond()), fromEngine.serverCpuSeconds(),
                        throughGateway.seconds(), Report.rate(throughGateway.rowsPerSecond()), throughGateway.serverCpuSeconds());
            }
            return figure(sql, directRuns, relayedRuns, direct, relayed, warmups, settings);
        }
    }

    /** A packaged gateway on process engines with direct results, its default pool one warm engine that both sessions lease (one user). */
    private static GatewayProcess start(BenchContext context, String name)
            throws IOException, InterruptedException
    {
        Path directory = context.workDirectory().resolve(name);
        Files.createDirectories(directory);
        Path config = directory.resolve("gateway.yaml");
        Files.writeString(config, String.join("\n",
                "engine:",
                "  provider: process",
                "  direct-results: true",
                "  share-level: USER",
                "  min-engines: 1",
                "  max-engines: 2",
                "  driver-memory: " + ENGINE_MEMORY,
                // P10 is about fetching; a class-data archive would be written in the background while it measures.
                "  class-data-sharing: false",
                ""), UTF_8);
        GatewayProcess gateway = GatewayProcess.start(context, name, context.settings().gatewayHeap(), List.of("--config", config.toString()));
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlClient client = ConcurrencyBenchmark.client(allocator, gateway)) {
            // A session leases the pool's engine: this returns once the warm engine is up, so nothing of its start falls into a measurement.
            long started = System.nanoTime();
            client.setSessionOptions(new SetSessionOptionsRequest(Map.of(RELAY_OPTION, SessionOptionValueFactory.makeSessionOptionValue(false))));
            for (FlightEndpoint endpoint : client.execute("SELECT 1").getEndpoints()) {
                try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                    while (stream.next()) {
                        // drained
                    }
                }
            }
            client.closeSession(new CloseSessionRequest());
            context.log("%s: its engine answered after %.1f s", name, (System.nanoTime() - started) / 1e9);
        }
        catch (Exception | Error e) {
            gateway.close();
            throw e instanceof IOException io ? io : new IOException(name + ": the gateway's engine did not start: " + e, e);
        }
        return gateway;
    }

    private Figure figure(String sql, List<Fetch> directRuns, List<Fetch> relayedRuns, Side direct, Side relayed, int warmups, BenchSettings settings)
    {
        double directRows = Stats.median(directRuns, Fetch::rowsPerSecond);
        double directMegabytes = Stats.median(directRuns, Fetch::megabytesPerSecond);
        double relayedRows = Stats.median(relayedRuns, Fetch::rowsPerSecond);
        double relayedMegabytes = Stats.median(relayedRuns, Fetch::megabytesPerSecond);
        double ratio = directRows / relayedRows;

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rows", rows);
        details.put("sql", sql);
        details.put("warmups", warmups);
        details.put("iterations", settings.iterations());
        details.put("ratio", ratio);
        details.put("direct", side(directRuns, directRows, directMegabytes, direct));
        details.put("relayed", side(relayedRuns, relayedRows, relayedMegabytes, relayed));
        details.put("engineDriverMemory", ENGINE_MEMORY);
        details.put("valuesVerifiedEqual", true);
        details.put("timeIncludesSparkComputingRows", true);

        List<String> notes = List.of(
                String.format(Locale.ROOT, "P10: median of %d iterations after %d warm-up(s), sides alternating; MB = 10^6 bytes of Arrow buffers received; "
                        + "P1's query, rows computed by Spark on the engine while they stream.", settings.iterations(), warmups),
                "P10: one gateway on engine.provider: process with direct results and one warm engine (local[2], " + ENGINE_MEMORY + " heap), leased by "
                        + "both sessions (one user); direct: the FlightInfo names the engine and the client fetches there with the signed ticket; "
                        + "relayed (session option direct_results=false): the gateway fetches from the engine over Flight and streams to the client.",
                String.format(Locale.ROOT, "P10: CPU per fetch (median, gateway and engine processes together): direct %.2f s, relayed %.2f s; "
                        + "the client used %.2f s and %.2f s.",
                        Stats.median(directRuns, Fetch::serverCpuSeconds), Stats.median(relayedRuns, Fetch::serverCpuSeconds),
                        Stats.median(directRuns, Fetch::clientCpuSeconds), Stats.median(relayedRuns, Fetch::clientCpuSeconds)),
                String.format(Locale.ROOT, "P10: %s batches a side; both sides sent equal values (checksum).", Report.count(directRuns.get(0).batches())));
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "direct: %s rows/s, %.0f MB/s", Report.rate(directRows), directMegabytes),
                String.format(Locale.ROOT, "relayed: %s rows/s, %.0f MB/s", Report.rate(relayedRows), relayedMegabytes),
                OptionalDouble.of(ratio), goal(), Verdict.REPORTED, notes, details);
    }

    private static Map<String, Object> side(List<Fetch> runs, double rowsPerSecond, double megabytesPerSecond, Side side)
    {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("rowsReceived", runs.stream().map(Fetch::rows).toList());
        values.put("medianRowsPerSecond", rowsPerSecond);
        values.put("medianMegabytesPerSecond", megabytesPerSecond);
        values.put("medianSeconds", Stats.median(runs, Fetch::seconds));
        values.put("minSeconds", Stats.min(runs, Fetch::seconds));
        values.put("maxSeconds", Stats.max(runs, Fetch::seconds));
        values.put("bytes", runs.get(0).bytes());
        values.put("batches", runs.get(0).batches());
        values.put("seconds", runs.stream().map(Fetch::seconds).toList());
        values.put("medianServerCpuSeconds", Stats.median(runs, Fetch::serverCpuSeconds));
        values.put("medianClientCpuSeconds", Stats.median(runs, Fetch::clientCpuSeconds));
        values.put("fetchedFrom", side.fetchedFrom);
        values.put("enginePids", side.enginePids());
        return values;
    }

    private Fetch expectRows(Fetch fetch, String side)
    {
        if (fetch.rows() != rows) {
            throw new IllegalStateException("the " + side + " side received " + fetch.rows() + " rows, expected " + rows);
        }
        return fetch;
    }

    /** One gateway, its Flight SQL session, and connections to the engines its FlightInfos name. */
    private static final class Side
            implements AutoCloseable
    {
        private final String name;
        private final GatewayProcess gateway;
        private final boolean expectDirect;
        private final BufferAllocator allocator;
        private final FlightSqlClient client;
        private final Map<String, FlightClient> engines = new LinkedHashMap<>();
        private String fetchedFrom = "";

        Side(String name, GatewayProcess gateway, boolean expectDirect, BufferAllocator allocator)
                throws Exception
        {
            this.name = name;
            this.gateway = gateway;
            this.expectDirect = expectDirect;
            this.allocator = allocator;
            this.client = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.flightPort()))
                    .intercept(new ClientCookieMiddleware.Factory())
                    .build());
            if (!expectDirect) {
                SetSessionOptionsResult result = client.setSessionOptions(new SetSessionOptionsRequest(
                        Map.of(RELAY_OPTION, SessionOptionValueFactory.makeSessionOptionValue(false))));
                if (result.hasErrors()) {
                    close();
                    throw new IllegalStateException("the gateway refused " + RELAY_OPTION + "=false: " + result.getErrors());
                }
            }
        }

        Fetch fetch(String sql, boolean checksum)
                throws Exception
        {
            // The server's CPU is the gateway's and its engines' (children of the gateway's JVM).
            List<ProcessHandle> servers = new ArrayList<>();
            servers.add(gateway.handle());
            servers.addAll(engineProcesses());
            Fetch.Counter counter = new Fetch.Counter(servers, checksum);
            FlightInfo info = client.execute(sql);
            for (FlightEndpoint endpoint : info.getEndpoints()) {
                List<Location> locations = endpoint.getLocations();
                boolean fromEngine = !locations.isEmpty() && locations.get(0).getUri().getPort() != gateway.flightPort();
                if (fromEngine != expectDirect) {
                    throw new IllegalStateException("the " + name + " session got with locations " + locations + ": expected "
                            + (expectDirect ? "its engine's" : "none (fetch from the gateway)"));
                }
                if (fromEngine) {
                    Location location = locations.get(0);
                    fetchedFrom = "engine " + location.getUri();
                    // A ticket holder: no credentials, the signed ticket is the authority.
                    FlightClient engine = engines.computeIfAbsent(location.getUri().toString(), where -> FlightClient.builder(allocator, location).build());
                    try (FlightStream stream = engine.getStream(endpoint.getTicket())) {
                        counter.drain(stream);
                    }
                }
                else {
                    fetchedFrom = "gateway 127.0.0.1:" + gateway.flightPort();
                    try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                        counter.drain(stream);
                    }
                }
            }
            return counter.finish();
        }

        List<ProcessHandle> engineProcesses()
        {
            return gateway.handle().descendants().filter(Side::isEngine).toList();
        }

        /** Whether a process runs the engine main. The JDK leaves commandLine() empty for very long command lines (the gateway's classpath), so /proc is read first. */
        private static boolean isEngine(ProcessHandle process)
        {
            Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
            try {
                if (Files.isReadable(cmdline)) {
                    return new String(Files.readAllBytes(cmdline), UTF_8).contains(ENGINE_MAIN);
                }
            }
            catch (IOException gone) {
                return false;
            }
            return process.info().commandLine().map(line -> line.contains(ENGINE_MAIN)).orElse(false);
        }

        List<Long> enginePids()
        {
            return engineProcesses().stream().map(ProcessHandle::pid).toList();
        }

        @Override
        public void close()
                throws Exception
        {
            try {
                client.closeSession(new CloseSessionRequest());
            }
            catch (RuntimeException e) {
                // the gateway is going away anyway
            }
            for (FlightClient engine : engines.values()) {
                engine.close();
            }
            client.close();
        }
    }
}
