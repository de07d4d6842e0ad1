package dev.sparkjobs.gateway;

import static dev.sparkjobs.pool.Conditions.waitFor;
import static dev.sparkjobs.gateway.JobsTest.row;
import static dev.sparkjobs.gateway.JobsTest.rows;
import static dev.sparkjobs.gateway.JobsTest.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.gateway.hs2.HiveDriver;
import dev.sparkjobs.gateway.metastore.MetadataSettings;
import dev.sparkjobs.pool.process.Results;
import dev.sparkjobs.pool.remote.EngineStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A gateway on {@code engine.provider = process}: real child JVMs running Spark, leased from pools.
 * Each engine start costs 20 to 45 s on the loaded development machine, so one gateway serves the
 * whole class, and the scheduled job of the warming test is defined first, so that its wait for the
 * fire time overlaps the other tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessEnginesTest
{
    private static final Duration WARM_AHEAD = Duration.ofSeconds(150);
    private static final int EVERY_SECONDS = 160;
    /** Flight clients that never close their sessions (the raw FlightSqlClient here) hold engines until then. */
    private static final Duration SESSION_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** Minutes of work for Spark that never overflows (a sum over this range would, after a few seconds). */
    private static final String LONG_QUERY = "SELECT max(id % 7) FROM range(0, 1000000000000, 1, 2)";
    private static final List<String> QUERIES = List.of(
            "SELECT id, id * 2 AS twice, CAST(id AS STRING) AS text, id % 3 = 0 AS third FROM range(0, 2000) ORDER BY id",
            "SELECT id % 7 AS k, COUNT(*) AS n, SUM(id) AS total, CAST(AVG(id) AS DECIMAL(12, 3)) AS mean FROM range(0, 100000) GROUP BY id % 7 ORDER BY k",
            "SELECT a.k, b.v FROM VALUES (1, 'x'), (2, 'y'), (3, NULL) AS a(k, name) LEFT JOIN VALUES (1, 1.5D), (3, 2.25D) AS b(k, v) ON a.k = b.k ORDER BY a.k",
            "SELECT DATE '2026-01-31' + 1 AS next_day, TIMESTAMP '2026-03-01 12:34:56' AS ts, upper('spark') AS up, array(1, 2, 3) AS arr");

    private static Path data;
    private static Gateway gateway;
    private static Instant startedAt;
    private static Connection admin;
    private static BufferAllocator allocator;

    @BeforeAll
    static void start()
            throws Exception
    {
        data = Files.createTempDirectory("gateway-process-");
        EngineSettings engines = EngineSettings.defaults()
                .withProvider(EngineSettings.PROCESS)
                .withEngines(1, 4)
                .withIdleTimeout(Duration.ofSeconds(10))
                .withStartTimeout(Duration.ofMinutes(4))
                .withWarmAhead(WARM_AHEAD)
                .withDriverMemory(768L * 1024 * 1024);
        GatewayConfig config = new GatewayConfig(data, "127.0.0.1", 0, 0, 0, 0, "local[2]", Map.of("spark.sql.shuffle.partitions", "4"), false, Map.of(),
                Optional.empty(), Optional.empty(), SESSION_IDLE_TIMEOUT, Duration.ofHours(1), MetadataSettings.defaults(), engines);
        // The embedded reference first: its Spark start must not pause a test (sessions idle past the timeout lose their engine).
        TestingGateway.shared();
        startedAt = Instant.now();
        gateway = Gateway.start(config);
        allocator = new RootAllocator();
        admin = connect("admin");
        // The warming test's job: its first fire is EVERY_SECONDS from now, its engine starts WARM_AHEAD before that.
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE POOL nightly WITH ('min.engines' = '0', 'max.engines' = '2', 'share.level' = 'USER', 'engine.idle.timeout' = '10m')");
            statement.execute("CREATE JOB warmed IN POOL nightly WITH ('spark.sql.shuffle.partitions' = '2') SCHEDULE EVERY INTERVAL '" + EVERY_SECONDS
                    + "' SECOND AS SELECT COUNT(*) FROM range(1000)");
        }
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.close();
            waitFor(() -> engineProcesses() == 0, Duration.ofSeconds(30), "no engine process to be left after the gateway closed");
        }
        if (allocator != null) {
            allocator.close();
        }
    }

    @Test
    @Order(1)
    void queriesAnswerAsOnTheEmbeddedEngineFromTheEnginesOwnEndpoint()
            throws Exception
    {
        long connecting = System.nanoTime();
        try (Connection process = connect("alice"); Statement statement = process.createStatement()) {
            List<String> first = table(statement, "SELECT 1");
            System.out.printf("MEASURE cold start to first result (a new user's engine: connect, launch, session, SELECT 1): %d ms; gateway start to it %d ms "
                    + "(load average %.1f)%n", (System.nanoTime() - connecting) / 1_000_000, Duration.between(startedAt, Instant.now()).toMillis(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            answersAsOnTheEmbeddedEngine(statement, first);
        }
    }

    private static void answersAsOnTheEmbeddedEngine(Statement statement, List<String> first)
            throws Exception
    {
        try (Connection embedded = TestingGateway.connect(TestingGateway.shared(), "&user=alice&password=any"); Statement reference = embedded.createStatement()) {
            assertEquals(List.of("1"), first);
            for (String query : QUERIES) {
                List<String> expected = table(reference, query);
                assertTrue(expected.size() > 0, query);
                assertEquals(expected, table(statement, query), query);
            }
            // Errors keep their SQLSTATE.
            SQLException missing = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM no_such_table_here"));
            SQLException missingEmbedded = assertThrows(SQLException.class, () -> reference.executeQuery("SELECT * FROM no_such_table_here"));
            assertEquals("42P01", sqlState(missing), missing.getMessage());
            assertEquals(sqlState(missingEmbedded), sqlState(missing));

            Map<String, String> engine = row(admin.createStatement(), "SELECT engine_id, pool, provider, state, spark_version, flight_endpoint, launch_ms, "
                    + "leases_active FROM system.engines WHERE share_key = 'alice'");
            assertEquals("default", engine.get("pool"));
            assertEquals("process", engine.get("provider"));
            assertEquals("BUSY", engine.get("state"));
            assertTrue(engine.get("spark_version").startsWith("4."), engine.toString());
            assertTrue(Long.parseLong(engine.get("launch_ms")) > 1000, engine.toString());
            System.out.printf("MEASURE process engine launch (system.engines.launch_ms): %s ms%n", engine.get("launch_ms"));
            String engineLocation = engine.get("flight_endpoint");
            assertTrue(engineLocation.startsWith("grpc+tcp://127.0.0.1:") && !engineLocation.endsWith(":" + gateway.flightPort()), engineLocation);
            assertEquals(engine.get("engine_id"), scalar(admin.createStatement(),
                    "SELECT DISTINCT engine_id FROM system.sessions WHERE user_name = 'alice' AND protocol = 'flight-sql'"));

            // The FlightInfo of a query names the engine, which serves the rows itself.
            try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.flightPort())).build();
                    FlightSqlClient sql = new FlightSqlClient(client)) {
                CredentialCallOption alice = client.authenticateBasicToken("alice", "any").orElseThrow();
                FlightInfo info = sql.execute("SELECT id FROM range(0, 5000)", alice);
                Location location = info.getEndpoints().get(0).getLocations().get(0);
                Set<String> endpoints = Set.copyOf(JobsTest.query(admin.createStatement(), "SELECT flight_endpoint FROM system.engines WHERE flight_endpoint IS NOT NULL"));
                assertTrue(endpoints.contains(location.getUri().toString()), location + " is not one of the engines " + endpoints);
                try (FlightClient direct = FlightClient.builder(allocator, location).build()) {
                    assertEquals(5000, Results.count(direct.getStream(info.getEndpoints().get(0).getTicket())));
                }
            }

            // HiveServer2 fetches through the gateway, from the same engine.
            try (Connection hive = HiveDriver.connect("jdbc:hive2://127.0.0.1:" + gateway.hs2Port() + "/default;auth=noSasl", user("alice"));
                    Statement hiveStatement = hive.createStatement()) {
                assertEquals(table(reference, QUERIES.get(1)), table(hiveStatement, QUERIES.get(1)));
            }

            Map<String, String> pool = row(admin.createStatement(), "SELECT provider, min_engines, max_engines, engines, launches FROM system.pools WHERE name = 'default'");
            assertEquals("process", pool.get("provider"));
            assertEquals("1", pool.get("min_engines"));
            assertEquals("4", pool.get("max_engines"));
            assertTrue(Integer.parseInt(pool.get("engines")) >= 2, pool.toString());
            assertTrue(Long.parseLong(pool.get("launches")) >= 2, pool.toString());
        }
    }

    @Test
    @Order(2)
    void anEngineKilledMidQueryFailsItsClientsWithinFiveSecondsAndTheNextQueryGetsANewEngine()
            throws Exception
    {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (Connection flight = connect("alice"); Statement flightStatement = flight.createStatement();
                Connection hive = HiveDriver.connect("jdbc:hive2://127.0.0.1:" + gateway.hs2Port() + "/default;auth=noSasl", user("alice"));
                Statement hiveStatement = hive.createStatement()) {
            assertEquals(List.of("1"), table(hiveStatement, "SELECT 1"));
            String engineId = scalar(admin.createStatement(), "SELECT engine_id FROM system.engines WHERE share_key = 'alice' AND state <> 'STOPPING'");
            Future<List<String>> relayed = clients.submit(() -> table(hiveStatement, LONG_QUERY));
            Future<List<String>> direct = clients.submit(() -> table(flightStatement, LONG_QUERY));
            // Both queries are under way on the engine once its Spark runs their jobs.
            Thread.sleep(4000);
            for (Future<List<String>> query : List.of(relayed, direct)) {
                if (query.isDone()) {
                    throw new AssertionError("a long query ended before the kill", assertThrows(ExecutionException.class, query::get));
                }
            }

            long pid = Long.parseLong(EngineStatus.read(data.resolve("engines").resolve(engineId).resolve("engine.status")).orElseThrow().value("pid").orElseThrow());
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            long killed = System.nanoTime();
            SQLException hiveError = failure(relayed, SQLException.class);
            long hiveMillis = (System.nanoTime() - killed) / 1_000_000;
            Throwable flightError = assertThrows(ExecutionException.class, () -> direct.get(5, TimeUnit.SECONDS), "no error within 5 s of the kill").getCause();
            long flightMillis = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("MEASURE killed engine to client error: HiveServer2 (relayed) %d ms, SQLSTATE %s: %s%n", hiveMillis, hiveError.getSQLState(),
                    hiveError.getMessage());
            System.out.printf("MEASURE killed engine to client error: Flight SQL (direct) %d ms, SQLSTATE %s: %s: %s%n", flightMillis,
                    stateInChain(flightError), flightError.getClass().getName(), flightError.getMessage());
            assertNotNull(hiveError.getSQLState(), hiveError.getMessage());
            assertTrue(hiveError.getSQLState().startsWith("08"), hiveError.getSQLState() + " " + hiveError.getMessage());
            // The direct client is still in GetFlightInfo: the gateway waits for the engine to start the result, so the
            // engine's death while it computes reaches the client from the gateway, SQLSTATE and engine location in the message.
            String flightState = stateInChain(flightError);
            assertNotNull(flightState, "no SQLSTATE in the direct client's error: " + flightError);
            assertTrue(flightState.startsWith("08"), flightState + " " + flightError);
            assertTrue(messages(flightError).contains("engine grpc+tcp://127.0.0.1:"), messages(flightError));

            // The next query, on a new connection, runs on a new engine.
            try (Connection next = connect("alice"); Statement statement = next.createStatement()) {
                assertEquals(List.of("6"), table(statement, "SELECT sum(id) FROM range(4)"));
                String nextEngine = scalar(admin.createStatement(), "SELECT engine_id FROM system.engines WHERE share_key = 'alice' AND state = 'BUSY'");
                assertNotEquals(engineId, nextEngine);
            }
        }
        finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void closingAHundredSessionsLeavesThePoolAtItsMinimum()
            throws Exception
    {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Long> opens = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<List<String>>> sessions = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String user = i % 2 == 0 ? "alice" : "bob";
                sessions.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    try (SqlSession session = gateway.sqlService().openSession(user, Map.of(SessionRegistry.PROTOCOL, "test"))) {
                        opens.add(System.nanoTime() - start);
                        return query(session, "SELECT 1");
                    }
                }));
            }
            for (Future<List<String>> session : sessions) {
                assertEquals(List.of("1"), session.get(5, TimeUnit.MINUTES));
            }
        }
        finally {
            clients.shutdownNow();
        }
        List<Long> sorted = new ArrayList<>(opens);
        Collections.sort(sorted);
        System.out.printf("MEASURE session open on a warm engine (lease + engine session): median %.1f ms over %d sessions%n",
                sorted.get(sorted.size() / 2) / 1e6, sorted.size());
        assertEquals("0", scalar(admin.createStatement(), "SELECT COUNT(*) FROM system.sessions WHERE protocol = 'test'"));
        // Idle engines above the minimum stop after engine.idle-timeout (10 s here); sessions the raw Flight client of the first test left open close after SESSION_IDLE_TIMEOUT.
        try {
            waitFor(() -> defaultPoolEngines() == 1, SESSION_IDLE_TIMEOUT.plusMinutes(1), "the default pool to return to its minimum of 1 engine");
        }
        catch (AssertionError e) {
            try (Statement statement = admin.createStatement()) {
                throw new AssertionError(e.getMessage() + ": engines " + rows(statement, "SELECT engine_id, share_key, state, leases_active FROM system.engines")
                        + ", sessions " + rows(statement, "SELECT user_name, protocol, engine_id, last_used_at FROM system.sessions"), e);
            }
        }
        long others = Long.parseLong(scalar(admin.createStatement(), "SELECT COUNT(*) FROM system.engines WHERE pool <> 'default'"));
        waitFor(() -> engineProcesses() == 1 + others, Duration.ofSeconds(30), "one engine process per engine");
    }

    @Test
    @Order(4)
    void aScheduledJobInAPoolRunsOnAnEngineStartedAheadOfItsFireTime()
            throws Exception
    {
        Statement statement = admin.createStatement();
        waitFor(() -> Integer.parseInt(scalar(statement, "SELECT COUNT(*) FROM system.job_runs WHERE job = 'warmed' AND state IN ('SUCCEEDED', 'FAILED')")) >= 1,
                Duration.ofSeconds(EVERY_SECONDS + 60), "the scheduled run of job warmed");
        statement.execute("ALTER JOB warmed SUSPEND");
        Map<String, String> run = rows(statement, "SELECT run_id, state, trigger_kind, scheduled_at, created_at, engine_acquired_at, spark_app_id, log_location "
                + "FROM system.job_runs WHERE job = 'warmed' ORDER BY created_at").get(0);
        assertEquals("SUCCEEDED", run.get("state"), run.toString());
        assertEquals("SCHEDULE", run.get("trigger_kind"), run.toString());
        Map<String, String> engine = row(statement, "SELECT engine_id, pool, provider, started_at, ready_at FROM system.engines WHERE spark_app_id = '"
                + run.get("spark_app_id") + "'");
        assertEquals("nightly", engine.get("pool"));
        assertEquals("process", engine.get("provider"));
        // The engine was ready before the fire time, and the run's lease did not wait for a start.
        assertEquals("1", scalar(statement, "SELECT COUNT(*) FROM system.engines e JOIN system.job_runs r ON e.spark_app_id = r.spark_app_id "
                + "WHERE r.run_id = '" + run.get("run_id") + "' AND e.ready_at < r.scheduled_at"), engine + " " + run);
        String log = Files.readString(Path.of(run.get("log_location")));
        Matcher lease = Pattern.compile("lease took (\\d+) ms").matcher(log);
        assertTrue(lease.find(), log);
        long leaseMillis = Long.parseLong(lease.group(1));
        System.out.printf("MEASURE scheduled run's lease on the engine warmed ahead: %d ms (engine ready %s, fire %s)%n", leaseMillis, engine.get("ready_at"),
                run.get("scheduled_at"));
        assertTrue(leaseMillis < 1000, "the run waited " + leaseMillis + " ms for its engine: " + log);

        // A manual run of the same job leases the same engine of its pool.
        Map<String, String> manual = row(statement, "RUN JOB warmed WAIT");
        assertEquals("SUCCEEDED", manual.get("state"), manual.toString());
        assertEquals(run.get("spark_app_id"), scalar(statement, "SELECT spark_app_id FROM system.job_runs WHERE run_id = '" + manual.get("run_id") + "'"));
        statement.execute("DROP JOB warmed");
        statement.execute("DROP POOL nightly");
        waitFor(() -> Integer.parseInt(scalar(statement, "SELECT COUNT(*) FROM system.engines WHERE pool = 'nightly'")) == 0, Duration.ofSeconds(30),
                "the dropped pool's engine to stop");
    }

    /** The SQLSTATE in an error's message: the gateway's {@code [SQLSTATE xxxxx]} or Spark's {@code SQLSTATE: xxxxx}. */
    private static String sqlState(SQLException e)
    {
        if (e.getSQLState() != null) {
            return e.getSQLState();
        }
        Matcher matcher = Pattern.compile("SQLSTATE:? (\\w{5})").matcher(String.valueOf(e.getMessage()));
        return matcher.find() ? matcher.group(1) : null;
    }

    private static int defaultPoolEngines()
    {
        try (Statement statement = admin.createStatement()) {
            return Integer.parseInt(scalar(statement, "SELECT COUNT(*) FROM system.engines WHERE pool = 'default'"));
        }
        catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Connection connect(String user)
            throws SQLException
    {
        return DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:" + gateway.flightPort() + "?useEncryption=false&user=" + user + "&password=any");
    }

    private static Properties user(String name)
    {
        Properties properties = new Properties();
        properties.setProperty("user", name);
        return properties;
    }

    /** The error a query failed with, within 5 s: the innermost of the wanted type. */
    /** The first SQLSTATE a throwable or one of its causes names, in getSQLState() or as the gateway's "[SQLSTATE xxxxx]" in its message. */
    private static String stateInChain(Throwable error)
    {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String state = t instanceof SQLException sql ? JobsTest.sqlState(sql) : null;
            if (state == null) {
                Matcher matcher = Pattern.compile("\\[SQLSTATE (\\w{5})]").matcher(String.valueOf(t.getMessage()));
                state = matcher.find() ? matcher.group(1) : null;
            }
            if (state != null) {
                return state;
            }
        }
        return null;
    }

    private static String messages(Throwable error)
    {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static <T extends Throwable> T failure(Future<List<String>> query, Class<T> type)
    {
        ExecutionException failure = assertThrows(ExecutionException.class, () -> query.get(5, TimeUnit.SECONDS), "no error within 5 s of the kill");
        T found = null;
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (type.isInstance(cause) && !(cause instanceof java.io.UncheckedIOException) && !(cause instanceof java.io.IOException)) {
                found = type.cast(cause);
            }
        }
        if (found == null) {
            throw new AssertionError("expected a " + type.getSimpleName(), failure.getCause());
        }
        return found;
    }

    /** Every row of a result, its columns joined by |. */
    private static List<String> table(Statement statement, String sql)
    {
        try (ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
        catch (SQLException e) {
            throw new java.io.UncheckedIOException(new java.io.IOException(e.getMessage(), e));
        }
    }

    private static List<String> query(SqlSession session, String sql)
            throws Exception
    {
        List<String> values = new ArrayList<>();
        try (var prepared = session.prepare(sql); var stream = prepared.executeQuery("test-" + java.util.UUID.randomUUID(), allocator)) {
            try (org.apache.arrow.vector.VectorSchemaRoot root = org.apache.arrow.vector.VectorSchemaRoot.create(prepared.schema(), allocator)) {
                org.apache.arrow.vector.VectorLoader loader = new org.apache.arrow.vector.VectorLoader(root);
                for (var next = stream.next(); next != null; next = stream.next()) {
                    try (var batch = next) {
                        loader.load(batch);
                        for (int i = 0; i < root.getRowCount(); i++) {
                            values.add(String.valueOf(root.getVector(0).getObject(i)));
                        }
                    }
                }
            }
        }
        return values;
    }

    private static long engineProcesses()
    {
        // Every child of the test JVM is an engine (Spark in local mode starts no processes).
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
    }

}
