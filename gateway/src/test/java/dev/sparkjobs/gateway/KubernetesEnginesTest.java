package dev.sparkjobs.gateway;

import static dev.sparkjobs.pool.Conditions.waitFor;
import static dev.sparkjobs.gateway.JobsTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.pool.embedded.TestingEngine;
import dev.sparkjobs.pool.kubernetes.MockApiServer;
import dev.sparkjobs.pool.kubernetes.TestKubelet;
import dev.sparkjobs.pool.process.Results;
import dev.sparkjobs.pool.process.Tpch;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.grpc.CredentialCallOption;
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
 * A gateway on {@code engine.provider: kubernetes}, configured from a settings file as a user
 * would: a kubeconfig with two contexts, each pointing at a fabric8 mock API server (two
 * clusters), a {@link TestKubelet} on each running pods as local JVMs. One engine launch serves
 * the class (each costs 30 to 100 s on the loaded 2-core machine): user alice's first connection
 * starts the driver pod, Spark's k8s backend creates its executor pod, every later connection of
 * alice shares that engine ({@code USER} share level), and once her sessions close the pool's
 * idle timeout brings the pods back to the minimum of 0.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesEnginesTest
{
    private static final String IMAGE = "sparkjobs/engine:test";
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Pricing summary, revenue by nation, and the wide sorted result: the TPC-H-like queries
     * without a date column (Results renders the reference's Arrow dates as day numbers, JDBC as
     * ISO dates), as the pool test sends through JDBC.
     */
    private static final List<String> JDBC_QUERIES = List.of(Tpch.QUERIES.get(0), Tpch.QUERIES.get(2), Tpch.QUERIES.get(3));
    private static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(5);
    /**
     * The stock JDBC driver closes its gateway session only when the connection names a catalog:
     * the sessions of these closed connections go when idle this long. A session is idle only
     * between its calls (a query's computing is inside the gateway's GetFlightInfo, which waits
     * for the engine's first batch); the small results here are fetched from the engine at once.
     */
    private static final Duration SESSION_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Columns of system.engines, as Gateway#engines().engineRows() gives them. */
    private static final int ENGINE_ID = 0;
    private static final int LAUNCH_PHASE = 20;

    private static Path work;
    private static MockApiServer east;
    private static MockApiServer west;
    private static KubernetesClient eastClient;
    private static KubernetesClient westClient;
    private static TestKubelet eastKubelet;
    private static TestKubelet westKubelet;
    private static Gateway gateway;
    private static long gatewayStarted;
    private static BufferAllocator allocator;
    private static List<String> tpchViews;
    private static PhaseWatch phases;

    @BeforeAll
    static void start()
            throws Exception
    {
        work = Files.createTempDirectory("gateway-k8s-");
        allocator = new RootAllocator();
        // The embedded reference first: its Spark start must not slow the engine's launch.
        TestingEngine.get();
        tpchViews = Tpch.generate(0.01, work.resolve("tpch"));
        east = MockApiServer.start();
        west = MockApiServer.start();
        eastClient = east.newClient();
        westClient = west.newClient();
        eastKubelet = new TestKubelet("east", east.newClient(), work.resolve("nodes"), "java");
        westKubelet = new TestKubelet("west", west.newClient(), work.resolve("nodes"), "java");

        Path kubeconfig = work.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: east-cluster
                  cluster: {server: "%s"}
                - name: west-cluster
                  cluster: {server: "%s"}
                contexts:
                - name: east-admin
                  context: {cluster: east-cluster, user: admin}
                - name: west-admin
                  context: {cluster: west-cluster, user: admin}
                current-context: west-admin
                users:
                - name: admin
                  user: {token: not-checked-by-the-mock}
                """.formatted(east.url(), west.url()));
        // Pods reach their API server where the gateway does (every pod is a local process here).
        Path settings = work.resolve("gateway.yaml");
        Files.writeString(settings, """
                data-dir: %s
                bind-host: 127.0.0.1
                flight-port: 0
                hs2-port: 0
                hs2-http-port: 0
                http-port: 0
                spark:
                  ui: false
                  conf:
                    spark.sql.shuffle.partitions: 4
                    spark.executor.memory: 512m
                session:
                  idle-timeout: %ds
                engine:
                  provider: kubernetes
                  share-level: user
                  min-engines: 0
                  max-engines: 2
                  idle-timeout: %ds
                  start-timeout: %ds
                  driver-memory: 512m
                  kubernetes:
                    kubeconfig: %s
                    clusters:
                      - {name: east, context: east-admin, max-engines: 2, labels: {region: eu}, api-server-for-pods: "%s"}
                      - {name: west, context: west-admin, max-engines: 2, labels: {region: us}, api-server-for-pods: "%s"}
                    image: %s
                    node-selector: {sparkjobs.dev/nodes: engines}
                    labels: {team: data}
                    engine-port: 0
                    request-timeout: 5s
                    stop-timeout: 5s
                """.formatted(work.resolve("data"), SESSION_IDLE_TIMEOUT.toSeconds(), IDLE_TIMEOUT.toSeconds(), LAUNCH_TIMEOUT.toSeconds(), kubeconfig, east.url(), west.url(), IMAGE));
        GatewayConfig config = GatewayConfig.defaults().withFile(settings);
        gatewayStarted = System.nanoTime();
        gateway = Gateway.start(config, TestingEngine.get());
        phases = new PhaseWatch();
        phases.start();
    }

    @AfterAll
    static void stop()
            throws Exception
    {
        if (phases != null) {
            phases.interrupt();
        }
        try {
            if (gateway != null) {
                gateway.close();
                waitFor(() -> pods(eastClient) == 0 && pods(westClient) == 0 && eastKubelet.runningProcesses() == 0 && westKubelet.runningProcesses() == 0,
                        Duration.ofMinutes(1), "no pod and no pod process to be left after the gateway closed");
            }
        }
        finally {
            for (AutoCloseable closeable : new AutoCloseable[] {eastKubelet, westKubelet, eastClient, westClient, east, west, allocator}) {
                if (closeable != null) {
                    closeable.close();
                }
            }
        }
    }

    @Test
    @Order(1)
    void tpchThroughTheStockFlightSqlDriverOnADriverPodWithSparkExecutorPods()
            throws Exception
    {
        assertTrue(gateway.describeDoors().contains("kubernetes driver pods of image " + IMAGE + " on clusters east (context east-admin"),
                gateway.describeDoors());
        long connecting = System.nanoTime();
        Map<String, String> engine;
        try (Connection alice = connect(); Statement statement = alice.createStatement()) {
            assertEquals(List.of("1"), table(statement, "SELECT 1"));
            long firstResult = System.nanoTime();

            engine = row(statement, "SELECT engine_id, pool, provider, state, cluster, pod, flight_endpoint, spark_version, launch_ms, launch_phase "
                    + "FROM system.engines WHERE share_key = 'alice'");
            String id = engine.get("engine_id");
            phases.print(id, connecting, firstResult, engine.get("launch_ms"));
            assertEquals("default", engine.get("pool"));
            assertEquals("kubernetes", engine.get("provider"));
            assertEquals("BUSY", engine.get("state"));
            assertEquals("READY", engine.get("launch_phase"));
            assertTrue(engine.get("spark_version").startsWith("4."), engine.toString());
            // Both clusters were empty: the first listed takes it.
            assertEquals("east", engine.get("cluster"), engine.toString());
            String[] pod = engine.get("pod").split("/");
            Pod driver = eastClient.pods().inNamespace(pod[0]).withName(pod[1]).get();
            assertEquals("Running", driver.getStatus().getPhase());
            assertEquals(IMAGE, driver.getSpec().getContainers().get(0).getImage());
            assertEquals(Map.of("sparkjobs.dev/nodes", "engines"), driver.getSpec().getNodeSelector());
            assertEquals("data", driver.getMetadata().getLabels().get("team"));
            assertEquals("east", driver.getMetadata().getLabels().get("sparkjobs.dev/cluster"));
            assertEquals("sparkjobs-engine", driver.getSpec().getServiceAccountName());
            assertEquals(0, pods(westClient), "nothing on west");

            // Spark's own k8s backend created the executor pod, owned by the driver pod.
            List<Pod> executors = eastClient.pods().inNamespace(pod[0]).withLabel("sparkjobs.dev/engine", id).withLabel("spark-role", "executor")
                    .list().getItems();
            assertEquals(1, executors.size(), "executor pods: " + executors);
            Pod executor = executors.get(0);
            assertEquals(driver.getMetadata().getUid(), executor.getMetadata().getOwnerReferences().get(0).getUid());
            assertEquals("Running", executor.getStatus().getPhase());
            System.out.printf("MEASURE kubernetes (gateway) executor pods created by Spark for engine %s: %d (%s)%n", id, executors.size(),
                    executor.getMetadata().getName());

            // A query's FlightInfo names the driver pod's own endpoint, which serves the rows itself.
            assertDirectResults(engine.get("flight_endpoint"));

            Map<String, String> pool = row(statement, "SELECT provider, engines, launches FROM system.pools WHERE name = 'default'");
            assertEquals(Map.of("provider", "kubernetes", "engines", "1", "launches", "1"), pool);
            assertEquals(id, JobsTest.scalar(statement, "SELECT DISTINCT engine_id FROM system.sessions WHERE user_name = 'alice'"));

            // TPC-H-like queries through another connection of alice (the same engine) answer as the embedded engine does.
            long tpch = System.nanoTime();
            SqlSession reference = TestingEngine.get().sqlService().openSession("alice", Map.of());
            try {
                for (String view : tpchViews) {
                    reference.prepare(view).executeUpdate("setup");
                }
                Results.assertJdbcAnswers(url(), tpchViews, JDBC_QUERIES, reference, allocator);
            }
            finally {
                reference.close();
            }
            System.out.printf("MEASURE kubernetes (gateway) %d TPC-H-like queries at SF 0.01 through the Flight SQL JDBC driver, direct results: %d ms%n",
                    JDBC_QUERIES.size(), (System.nanoTime() - tpch) / 1_000_000);
            // That the tasks run in the executor pod's JVM is asserted by KubernetesEnginePoolTest from the executor's log;
            // here the executor runs with the gateway's quiet log4j2 configuration and logs nothing to look at.
            assertEquals("1", row(statement, "SELECT launches FROM system.pools WHERE name = 'default'").get("launches"), "one engine launch for the class");
        }
    }

    @Test
    @Order(2)
    void afterTheSessionsCloseThePodsGoBackToThePoolsMinimum()
            throws Exception
    {
        // The connections closed; their gateway sessions go once idle past the session timeout (the raw Flight client closed its own).
        long closed = System.nanoTime();
        waitFor(() -> gateway.sessions().rows().isEmpty(), SESSION_IDLE_TIMEOUT.plusSeconds(90), "the gateway sessions to close");
        waitFor(() -> pods(eastClient) == 0 && pods(westClient) == 0 && eastKubelet.runningProcesses() == 0 && westKubelet.runningProcesses() == 0,
                IDLE_TIMEOUT.plus(Duration.ofMinutes(1)), "the pool's minimum of 0 pods: the idle engine's driver pod and, with it, its executor pod to go");
        System.out.printf("MEASURE kubernetes (gateway) last connection closed to no pod left (session idle timeout %d s, engine idle timeout %d s): %d ms%n",
                SESSION_IDLE_TIMEOUT.toSeconds(), IDLE_TIMEOUT.toSeconds(), (System.nanoTime() - closed) / 1_000_000);
        waitFor(() -> gateway.engines().engineRows().isEmpty(), Duration.ofSeconds(10), "system.engines to be empty");
        List<Object[]> pools = gateway.engines().poolRows();
        assertEquals(1, pools.size());
        // name, ..., provider (9), ..., engines (11), ..., launches (15)
        assertEquals("kubernetes", pools.get(0)[9]);
        assertEquals(0, pools.get(0)[11]);
        assertEquals(1L, pools.get(0)[15]);
    }

    private static void assertDirectResults(String engineLocation)
            throws Exception
    {
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.flightPort()))
                .intercept(new ClientCookieMiddleware.Factory()).build();
                FlightSqlClient sql = new FlightSqlClient(client)) {
            CredentialCallOption alice = client.authenticateBasicToken("alice", "any").orElseThrow();
            FlightInfo info = sql.execute("SELECT id FROM range(0, 5000)", alice);
            Location location = info.getEndpoints().get(0).getLocations().get(0);
            assertEquals(engineLocation, location.getUri().toString());
            assertTrue(!location.getUri().toString().endsWith(":" + gateway.flightPort()), location.toString());
            try (FlightClient direct = FlightClient.builder(allocator, location).build()) {
                assertEquals(5000, Results.count(direct.getStream(info.getEndpoints().get(0).getTicket())));
            }
            client.closeSession(new CloseSessionRequest(), alice);
        }
    }

    private static String url()
    {
        return "jdbc:arrow-flight-sql://127.0.0.1:" + gateway.flightPort() + "?useEncryption=false&user=alice&password=any";
    }

    private static Connection connect()
            throws SQLException
    {
        return DriverManager.getConnection(url());
    }

    private static List<String> table(Statement statement, String sql)
            throws SQLException
    {
        try (ResultSet result = statement.executeQuery(sql)) {
            return Results.rows(result);
        }
    }

    private static long pods(KubernetesClient client)
    {
        return client.pods().inAnyNamespace().list().getItems().size();
    }

    /** When each engine was first seen in each launch phase of system.engines (polled every 25 ms). */
    private static final class PhaseWatch
            extends Thread
    {
        private final Map<String, Map<String, Long>> seen = new ConcurrentHashMap<>();

        PhaseWatch()
        {
            super("launch-phase-watch");
            setDaemon(true);
        }

        @Override
        public void run()
        {
            while (!isInterrupted()) {
                long now = System.nanoTime();
                for (Object[] row : gateway.engines().engineRows()) {
                    if (row[LAUNCH_PHASE] != null) {
                        seen.computeIfAbsent((String) row[ENGINE_ID], id -> new ConcurrentHashMap<>()).putIfAbsent((String) row[LAUNCH_PHASE], now);
                    }
                }
                try {
                    Thread.sleep(25);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }

        void print(String engineId, long connecting, long firstResult, String launchMillis)
        {
            Map<String, Long> phases = new LinkedHashMap<>();
            seen.getOrDefault(engineId, Map.of()).entrySet().stream().sorted(Map.Entry.comparingByValue())
                    .forEach(entry -> phases.put(entry.getKey(), entry.getValue()));
            StringBuilder line = new StringBuilder(String.format("MEASURE kubernetes (gateway) cold start to first result (connect, lease, launch, session, "
                    + "SELECT 1): %d ms; launch (system.engines.launch_ms) %s ms; connect to first phase seen %d ms;", (firstResult - connecting) / 1_000_000,
                    launchMillis, phases.isEmpty() ? -1 : (phases.values().iterator().next() - connecting) / 1_000_000));
            String previous = null;
            long previousAt = 0;
            for (Map.Entry<String, Long> phase : phases.entrySet()) {
                if (previous != null) {
                    line.append(' ').append(previous).append(' ').append((phase.getValue() - previousAt) / 1_000_000).append(" ms,");
                }
                previous = phase.getKey();
                previousAt = phase.getValue();
            }
            line.append(' ').append(previous).append(" to first result ").append((firstResult - previousAt) / 1_000_000).append(" ms");
            line.append(String.format("; gateway start to first result %d ms (load average %.1f)", (firstResult - gatewayStarted) / 1_000_000,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            System.out.println(line);
            assertTrue(phases.keySet().containsAll(Set.of("POD_PENDING", "DRIVER_STARTING", "SPARK_STARTING", "EXECUTORS_REGISTERING", "READY")),
                    "phases seen: " + phases.keySet());
        }
    }
}
