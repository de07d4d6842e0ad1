package dev.sparkjobs.pool.process;

import static dev.sparkjobs.pool.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.Authenticator;
import dev.sparkjobs.flight.FlightSqlEndpoint;
import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.SparkJobsFlightSqlProducer;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.EngineLease;
import dev.sparkjobs.pool.EnginePool;
import dev.sparkjobs.pool.EngineRow;
import dev.sparkjobs.pool.PoolConfig;
import dev.sparkjobs.pool.PooledSqlService;
import dev.sparkjobs.pool.Requester;
import dev.sparkjobs.pool.ShareLevel;
import dev.sparkjobs.pool.embedded.TestingEngine;
import dev.sparkjobs.pool.remote.EngineStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Process engines behind the pool, for real: child JVMs running Spark, reached over Flight SQL.
 * Each engine costs a JVM and a Spark start, so the tests are few and each checks much.
 */
class ProcessEnginePoolTest
{
    private static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(3);
    private static final ClusterProfile PROFILE = ClusterProfile.LOCAL
            .withDriverMemory(768L * 1024 * 1024)
            .withSparkConf(Map.of("spark.sql.shuffle.partitions", "4", "spark.ui.enabled", "false"));

    private static Path work;
    private static BufferAllocator allocator;
    private static ProcessEngineProvider provider;
    private static List<String> tpchViews;

    @BeforeAll
    static void start()
            throws Exception
    {
        work = Files.createTempDirectory("sparkjobs-engines-");
        allocator = new RootAllocator();
        provider = new ProcessEngineProvider(ProcessProviderConfig.defaults(work), allocator);
        tpchViews = Tpch.generate(0.01, work.resolve("tpch"));
    }

    @AfterAll
    static void stop()
    {
        provider.close();
        allocator.close();
    }

    private static PoolConfig pool(String name, ShareLevel level, int min, int max, Duration idle)
    {
        return PoolConfig.defaults(name, level).withProfile(PROFILE).withEngines(min, max, max).withTimeouts(idle, LAUNCH_TIMEOUT, Duration.ofMillis(200));
    }

    @Test
    void remoteEngineAnswersAsTheEmbeddedOneAndServesSignedTickets()
            throws Exception
    {
        SqlSession local = TestingEngine.get().sqlService().openSession("alice", Map.of());
        try (EnginePool pool = new EnginePool(pool("tpch", ShareLevel.SERVER, 0, 1, Duration.ofMinutes(5)), provider, Clock.systemUTC()).start()) {
            long coldStart = System.nanoTime();
            try (EngineLease lease = pool.acquire(new Requester("alice", "acme", "c1"));
                    SqlSession remote = lease.engine().sqlService().openSession("alice", Map.of())) {
                assertEquals(List.of("1"), Results.query(remote, "SELECT 1", allocator));
                System.out.printf("MEASURE process cold start to first result: %d ms (launch %d ms; load average %.1f)%n",
                        (System.nanoTime() - coldStart) / 1_000_000, pool.launchTimes().get(0).toMillis(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

                for (String view : tpchViews) {
                    local.prepare(view).executeUpdate("setup");
                    remote.prepare(view).executeUpdate("setup");
                }
                for (String query : Tpch.QUERIES) {
                    List<String> expected = Results.query(local, query, allocator);
                    assertTrue(!expected.isEmpty(), query);
                    assertEquals(expected, Results.query(remote, query, allocator), query);
                }

                // Errors keep the engine's SQLSTATE; options and metadata go through.
                SqlServiceException embeddedError = assertThrows(SqlServiceException.class, () -> local.prepare("SELECT * FROM no_such_table"));
                SqlServiceException remoteError = assertThrows(SqlServiceException.class, () -> remote.prepare("SELECT * FROM no_such_table"));
                assertEquals(embeddedError.sqlState(), remoteError.sqlState());
                assertTrue(remoteError.getMessage().contains("no_such_table"), remoteError.getMessage());
                remote.setOption("spark.sql.shuffle.partitions", "3");
                assertEquals(Optional.of("3"), remote.option("spark.sql.shuffle.partitions"));
                assertEquals("22023", assertThrows(SqlServiceException.class, () -> remote.setOption("no.such.option", "1")).sqlState());
                assertEquals(local.catalogs(), remote.catalogs());
                assertEquals(local.schemas(Optional.empty(), Optional.empty()), remote.schemas(Optional.empty(), Optional.empty()));
                assertEquals(Optional.of("default"), remote.option("schema"));

                // Direct results: a client without the engine's secret redeems a signed ticket, once.
                PreparedSql direct = remote.prepare("SELECT id FROM range(0, 100000)");
                FlightEndpoint endpoint = direct.directEndpoint(Duration.ofMinutes(1), true).orElseThrow();
                direct.close();
                assertEquals(lease.engine().flightEndpoint().orElseThrow(), endpoint.getLocations().get(0).getUri().toString());
                try (FlightClient client = FlightClient.builder(allocator, endpoint.getLocations().get(0)).build()) {
                    byte[] tampered = endpoint.getTicket().getBytes().clone();
                    tampered[tampered.length - 1] ^= 1;
                    assertRefused(() -> Results.count(client.getStream(new Ticket(tampered))), "signature");
                    assertRefused(() -> client.doAction(new Action("sparkjobs.cancel", new byte[0])).hasNext(), "signed tickets");
                    assertEquals(100_000, Results.count(client.getStream(endpoint.getTicket())));
                    assertRefused(() -> Results.count(client.getStream(endpoint.getTicket())), "already fetched");
                }

                // Warm leases: what a statement pays for its engine once the pool has one.
                List<Long> nanos = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    long start = System.nanoTime();
                    try (EngineLease warm = pool.acquire(new Requester("alice", "acme", "c" + i))) {
                        nanos.add(System.nanoTime() - start);
                        assertEquals(lease.engine(), warm.engine());
                    }
                }
                Collections.sort(nanos);
                System.out.printf("MEASURE process warm lease: median %.1f us, p99 %.1f us (500 leases)%n",
                        nanos.get(nanos.size() / 2) / 1000.0, nanos.get(nanos.size() * 99 / 100) / 1000.0);

                EngineRow row = pool.snapshot().get(0);
                assertEquals("BUSY", row.state());
                assertEquals("process", row.provider());
                assertEquals(Optional.of("server"), row.shareKey());
                assertTrue(row.sparkVersion().orElseThrow().startsWith("4."), row.toString());
                assertEquals(1, row.leasesActive());
                assertEquals(501, row.leasesTotal());

                // Through a gateway-style Flight SQL door over the pool, with direct results on.
                try (FlightSqlEndpoint gateway = FlightSqlEndpoint.start(new PooledSqlService(pool, user -> user), allocator,
                        new FlightSqlEndpoint.Settings("127.0.0.1", 0, Optional.empty(), Optional.empty(), Authenticator.ANY_USER, false, Duration.ofMinutes(5), Duration.ofHours(1)),
                        Optional.empty(), new SparkJobsFlightSqlProducer.Options(Optional.empty(), true, Duration.ofMinutes(1)))) {
                    assertDirectResults(gateway, lease.engine().flightEndpoint().orElseThrow());
                    Results.assertJdbcAnswers(gateway.port(), tpchViews, List.of(Tpch.QUERIES.get(0), Tpch.QUERIES.get(3)), local, allocator);
                }
            }
        }
        finally {
            local.close();
        }
        assertEquals(0, engineProcesses(), "the pool's close left engine processes running");
    }

    @Test
    void connectionSessionsLeaveThePoolAtItsMinimumAndADeadEngineIsReplaced()
            throws Exception
    {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (EnginePool pool = new EnginePool(pool("conn", ShareLevel.CONNECTION, 1, 2, Duration.ofSeconds(1)), provider, Clock.systemUTC()).start()) {
            waitFor(() -> pool.snapshot().stream().anyMatch(row -> row.state().equals("IDLE")), LAUNCH_TIMEOUT, "the pool to warm its minimum");
            List<Future<List<String>>> sessions = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Requester requester = new Requester("user" + (i % 5), "acme", "connection-" + i);
                sessions.add(clients.submit(() -> {
                    try (EngineLease lease = pool.acquire(requester);
                            SqlSession session = lease.engine().sqlService().openSession(requester.user(), Map.of())) {
                        return Results.query(session, "SELECT 1", allocator);
                    }
                }));
            }
            for (Future<List<String>> session : sessions) {
                assertEquals(List.of("1"), session.get(LAUNCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            try {
                waitFor(() -> pool.size() == 1 && provider.running().size() == 1 && engineProcesses() == 1, Duration.ofMinutes(1),
                        "the pool to return to its minimum of 1 engine");
            }
            catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": pool " + pool.snapshot() + ", provider " + provider.running() + ", processes " + engineProcesses(), e);
            }
            EngineRow warm = pool.snapshot().get(0);
            assertEquals("IDLE", warm.state());
            assertEquals(Optional.empty(), warm.shareKey());

            // An engine killed mid-query: the client hears of it within 5 s, the next lease gets a
            // new engine, and the pool is back at its minimum afterwards.
            String firstEngine;
            try (EngineLease lease = pool.acquire(new Requester("bob", "acme", "connection-kill"));
                    SqlSession session = lease.engine().sqlService().openSession("bob", Map.of())) {
                firstEngine = lease.engine().id();
                Future<List<String>> query = clients.submit(() -> Results.query(session, "SELECT sum(id) FROM range(0, 1000000000000, 1, 2)", "long-op", allocator));
                waitFor(() -> session.progress("long-op").isPresent(), Duration.ofMinutes(1), "the long query to start on the engine");

                long pid = Long.parseLong(EngineStatus.read(work.resolve(firstEngine).resolve("engine.status")).orElseThrow().value("pid").orElseThrow());
                ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                long killed = System.nanoTime();
                ExecutionException failure = assertThrows(ExecutionException.class, () -> query.get(5, TimeUnit.SECONDS));
                System.out.printf("MEASURE killed engine to client error: %d ms%n", (System.nanoTime() - killed) / 1_000_000);
                if (!(failure.getCause() instanceof SqlServiceException error)) {
                    throw new AssertionError("expected a SQLSTATE error", failure.getCause());
                }
                assertTrue(error.sqlState().startsWith("08"), error.sqlState() + " " + error.getMessage());
                assertEquals("08006", assertThrows(SqlServiceException.class, () -> session.prepare("SELECT 1")).sqlState());
            }
            try (EngineLease lease = pool.acquire(new Requester("bob", "acme", "connection-next"));
                    SqlSession session = lease.engine().sqlService().openSession("bob", Map.of())) {
                assertNotEquals(firstEngine, lease.engine().id());
                assertEquals(List.of("6"), Results.query(session, "SELECT sum(id) FROM range(4)", allocator));
            }
            waitFor(() -> pool.size() == 1 && provider.running().size() == 1 && engineProcesses() == 1, Duration.ofMinutes(1),
                    "the pool to return to its minimum after the engine died");
        }
        finally {
            clients.shutdownNow();
        }
        waitFor(() -> engineProcesses() == 0, Duration.ofSeconds(30), "no engine process to be left");
    }

    /** A query's FlightInfo from the gateway names the engine, which serves its ticket. */
    private static void assertDirectResults(FlightSqlEndpoint gateway, String engineLocation)
            throws Exception
    {
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.port())).build();
                FlightSqlClient sql = new FlightSqlClient(client)) {
            FlightInfo info = sql.execute("SELECT id FROM range(0, 1000)");
            Location location = info.getEndpoints().get(0).getLocations().get(0);
            assertEquals(engineLocation, location.getUri().toString());
            // The gateway is the second location: a client that cannot reach the engine fetches the same ticket there, once.
            assertEquals(List.of(location, Location.reuseConnection()), info.getEndpoints().get(0).getLocations());
            try (FlightClient engine = FlightClient.builder(allocator, location).build()) {
                assertEquals(1000, Results.count(engine.getStream(info.getEndpoints().get(0).getTicket())));
                FlightInfo relayed = sql.execute("SELECT id FROM range(0, 1000)");
                assertEquals(1000, Results.count(client.getStream(relayed.getEndpoints().get(0).getTicket())));
                assertRefused(() -> Results.count(engine.getStream(relayed.getEndpoints().get(0).getTicket())), "already fetched");
                assertRefused(() -> Results.count(client.getStream(relayed.getEndpoints().get(0).getTicket())), "no such result here");
                byte[] tampered = info.getEndpoints().get(0).getTicket().getBytes().clone();
                tampered[tampered.length - 1] ^= 1;
                assertRefused(() -> Results.count(client.getStream(new Ticket(tampered))), "no such result here");
            }
        }
        // A client that gives up while the gateway waits for the engine's first batch stops the engine's work: 16 tasks
        // that would keep every core busy for hours, then a small query on the same engine, which needs a free core.
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.port())).build();
                FlightSqlClient sql = new FlightSqlClient(client)) {
            FlightRuntimeException gaveUp = assertThrows(FlightRuntimeException.class,
                    () -> sql.execute("SELECT count(*) FROM range(0, 1000000000000000, 1, 16)", CallOptions.timeout(3, TimeUnit.SECONDS)));
            assertEquals(CallStatus.TIMED_OUT.code(), gaveUp.status().code(), gaveUp.toString());
            FlightInfo info = sql.execute("SELECT id FROM range(0, 1000)", CallOptions.timeout(90, TimeUnit.SECONDS));
            try (FlightClient engine = FlightClient.builder(allocator, info.getEndpoints().get(0).getLocations().get(0)).build()) {
                assertEquals(1000, Results.count(engine.getStream(info.getEndpoints().get(0).getTicket())));

                // CancelFlightInfo sent to the gateway with the engine's endpoint cancels the work there: the first partitions
                // are ready at once, the other 15 would run for hours, and the ticket no longer fetches.
                FlightInfo endless = sql.execute("SELECT id FROM range(0, 10) UNION ALL SELECT id FROM range(0, 1000000000000000, 1, 15)",
                        CallOptions.timeout(90, TimeUnit.SECONDS));
                assertEquals(engineLocation, endless.getEndpoints().get(0).getLocations().get(0).getUri().toString());
                assertEquals(CancelStatus.CANCELLED, sql.cancelFlightInfo(new CancelFlightInfoRequest(endless)).getStatus());
                FlightRuntimeException cancelled = assertThrows(FlightRuntimeException.class,
                        () -> Results.count(engine.getStream(endless.getEndpoints().get(0).getTicket())));
                assertEquals(CallStatus.CANCELLED.code(), cancelled.status().code(), cancelled.toString());
                assertEquals(CancelStatus.NOT_CANCELLABLE, sql.cancelFlightInfo(new CancelFlightInfoRequest(endless)).getStatus(), "cancelled once");
                FlightInfo after = sql.execute("SELECT id FROM range(0, 10)", CallOptions.timeout(90, TimeUnit.SECONDS));
                assertEquals(10, Results.count(engine.getStream(after.getEndpoints().get(0).getTicket())));
            }
        }
        // A session that asks for relayed results (direct_results=false) fetches from the gateway; the option is the session's alone.
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.port()))
                        .intercept(new ClientCookieMiddleware.Factory()).build();
                FlightSqlClient sql = new FlightSqlClient(client)) {
            SessionOptionValue on = sql.getSessionOptions(new GetSessionOptionsRequest()).getSessionOptions().get(SparkJobsFlightSqlProducer.DIRECT_RESULTS_OPTION);
            assertEquals(SessionOptionValueFactory.makeSessionOptionValue(true), on);
            SetSessionOptionsResult refused = sql.setSessionOptions(new SetSessionOptionsRequest(
                    Map.of(SparkJobsFlightSqlProducer.DIRECT_RESULTS_OPTION, SessionOptionValueFactory.makeSessionOptionValue("sometimes"))));
            assertTrue(refused.hasErrors(), "a value other than true or false is refused");
            SetSessionOptionsResult set = sql.setSessionOptions(new SetSessionOptionsRequest(
                    Map.of(SparkJobsFlightSqlProducer.DIRECT_RESULTS_OPTION, SessionOptionValueFactory.makeSessionOptionValue(false))));
            assertFalse(set.hasErrors(), set.getErrors().toString());
            FlightInfo relayed = sql.execute("SELECT id FROM range(0, 1000)");
            assertTrue(relayed.getEndpoints().get(0).getLocations().stream().noneMatch(where -> where.getUri().toString().equals(engineLocation)),
                    relayed.getEndpoints().toString());
            assertEquals(1000, Results.count(sql.getStream(relayed.getEndpoints().get(0).getTicket())));
            assertEquals(SessionOptionValueFactory.makeSessionOptionValue(false),
                    sql.getSessionOptions(new GetSessionOptionsRequest()).getSessionOptions().get(SparkJobsFlightSqlProducer.DIRECT_RESULTS_OPTION));
        }
    }

    private static long engineProcesses()
    {
        // Every child of the test JVM is an engine (Spark in local mode starts no processes).
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
    }

    @FunctionalInterface
    private interface Call
    {
        Object call()
                throws Exception;
    }

    private static void assertRefused(Call call, String reason)
    {
        FlightRuntimeException e = assertThrows(FlightRuntimeException.class, call::call);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

}
