package dev.sparkjobs.pool.kubernetes;

import static dev.sparkjobs.pool.Conditions.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.Authenticator;
import dev.sparkjobs.flight.FlightSqlEndpoint;
import dev.sparkjobs.flight.SparkJobsFlightSqlProducer;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.pool.EngineLease;
import dev.sparkjobs.pool.EnginePool;
import dev.sparkjobs.pool.EngineProvider;
import dev.sparkjobs.pool.EngineRequest;
import dev.sparkjobs.pool.LaunchPhase;
import dev.sparkjobs.pool.PoolConfig;
import dev.sparkjobs.pool.PooledSqlService;
import dev.sparkjobs.pool.Requester;
import dev.sparkjobs.pool.ShareLevel;
import dev.sparkjobs.pool.embedded.TestingEngine;
import dev.sparkjobs.pool.process.Results;
import dev.sparkjobs.pool.process.Tpch;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes engines end to end on one machine: two fabric8 mock API servers stand in for two
 * clusters, a {@link TestKubelet} on each runs pods as local JVMs. The driver pod runs the engine
 * main; Spark's own k8s backend creates the executor pods; the executors register with the
 * driver; queries come back over Flight SQL, straight from the engine.
 */
class KubernetesEnginePoolTest
{
    private static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(4);
    private static final long MIB = 1024L * 1024;
    private static final String IMAGE = "sparkjobs/engine:test";
    private static final Toleration SPOT = new TolerationBuilder().withKey("capacity").withOperator("Equal").withValue("spot").withEffect("NoSchedule").build();
    private static final ClusterProfile PROFILE = new ClusterProfile(1, Optional.of(512 * MIB), 1, 1, Optional.of(512 * MIB), Map.of(
            "spark.sql.shuffle.partitions", "4",
            "spark.ui.enabled", "false",
            "sparkjobs.kubernetes.capacity", "spot"));

    private static Path work;
    private static BufferAllocator allocator;
    private static MockApiServer east;
    private static MockApiServer west;
    private static KubernetesClient eastClient;
    private static KubernetesClient westClient;
    private static TestKubelet eastKubelet;
    private static TestKubelet westKubelet;
    private static KubernetesEngineProvider provider;
    private static List<String> tpchViews;

    @BeforeAll
    static void start()
            throws Exception
    {
        work = Files.createTempDirectory("sparkjobs-k8s-");
        allocator = new RootAllocator();
        east = MockApiServer.start();
        west = MockApiServer.start();
        eastClient = east.newClient();
        westClient = west.newClient();
        eastKubelet = new TestKubelet("east", east.newClient(), work.resolve("nodes"), "java");
        westKubelet = new TestKubelet("west", west.newClient(), work.resolve("nodes"), "java");
        KubernetesProviderConfig config = KubernetesProviderConfig.defaults(List.of(
                        new KubernetesCluster("east", eastClient, east.url(), 2, Set.of(), Map.of("region", "eu")),
                        new KubernetesCluster("west", westClient, west.url(), 2, Set.of(), Map.of("region", "us"))), IMAGE)
                .withEnginePort(0)
                .withSpotCapacity(Map.of("capacity", "spot"), List.of(SPOT));
        provider = new KubernetesEngineProvider(config, allocator);
        tpchViews = Tpch.generate(0.01, work.resolve("tpch"));
    }

    @AfterAll
    static void stop()
    {
        if (provider != null) {
            provider.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {eastKubelet, westKubelet, eastClient, westClient, east, west}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            }
            catch (Exception e) {
                e.printStackTrace();
            }
        }
        allocator.close();
    }

    private static PoolConfig pool(String name, ShareLevel level, int min, int max, Duration idle)
    {
        return PoolConfig.defaults(name, level).withProfile(PROFILE).withEngines(min, max, max).withTimeouts(idle, LAUNCH_TIMEOUT, Duration.ofMillis(200));
    }

    @Test
    void tpchOnDriverPodsWithSparkExecutorPodsThenFailoverToTheOtherCluster()
            throws Exception
    {
        PhaseClock phases = new PhaseClock(provider);
        SqlSession local = TestingEngine.get().sqlService().openSession("alice", Map.of());
        String firstEngine;
        try (EnginePool pool = new EnginePool(pool("tpch", ShareLevel.TENANT, 0, 1, Duration.ofMinutes(5)), phases, Clock.systemUTC()).start()) {
            long coldStart = System.nanoTime();
            try (EngineLease lease = pool.acquire(new Requester("alice", "acme", "c1"));
                    SqlSession remote = lease.engine().sqlService().openSession("alice", Map.of())) {
                assertEquals(List.of("1"), Results.query(remote, "SELECT 1", allocator));
                long firstResult = System.nanoTime();
                firstEngine = lease.engine().id();
                phases.print(firstEngine, coldStart, firstResult);

                // Placed on the first cluster (both empty), in the tenant's namespace, as the profile asked.
                assertEquals(Optional.of("east"), provider.clusterOf(firstEngine));
                Pod driver = eastClient.pods().inNamespace("sparkjobs-acme").withName(DriverPods.podName(firstEngine)).get();
                assertEquals("Running", driver.getStatus().getPhase());
                assertEquals("acme", driver.getMetadata().getLabels().get(DriverPods.TENANT));
                assertEquals("sparkjobs-engine", driver.getSpec().getServiceAccountName());
                assertEquals(Map.of("capacity", "spot"), driver.getSpec().getNodeSelector());
                assertEquals(List.of(SPOT), driver.getSpec().getTolerations());
                assertEquals("896Mi", driver.getSpec().getContainers().get(0).getResources().getRequests().get("memory").toString());
                assertEquals("1", driver.getSpec().getContainers().get(0).getResources().getLimits().get("cpu").toString());
                assertEquals(IMAGE, driver.getSpec().getContainers().get(0).getImage());

                // Spark's own backend made the executor pod, owned by the driver pod, and it registered.
                List<Pod> executors = provider.executorPods(firstEngine);
                assertEquals(1, executors.size(), "executor pods: " + executors);
                Pod executor = executors.get(0);
                assertEquals("Running", executor.getStatus().getPhase());
                assertEquals(driver.getMetadata().getUid(), executor.getMetadata().getOwnerReferences().get(0).getUid());
                assertEquals(Map.of("capacity", "spot"), executor.getSpec().getNodeSelector());
                assertTrue(executor.getSpec().getTolerations().contains(SPOT), "executor tolerations: " + executor.getSpec().getTolerations());
                System.out.printf("MEASURE kubernetes executor pods created by Spark for engine %s: %d (%s)%n", firstEngine, executors.size(),
                        executors.get(0).getMetadata().getName());

                for (String view : tpchViews) {
                    local.prepare(view).executeUpdate("setup");
                    remote.prepare(view).executeUpdate("setup");
                }
                for (String query : Tpch.QUERIES) {
                    List<String> expected = Results.query(local, query, allocator);
                    assertTrue(!expected.isEmpty(), query);
                    assertEquals(expected, Results.query(remote, query, allocator), query);
                }
                // The tasks ran in the executor pod's JVM (a k8s driver runs none itself).
                assertTrue(Files.readString(eastKubelet.logOf(executor)).contains("Finished task"), "the executor ran no task");

                // Through a gateway-style Flight SQL door with direct results: the client fetches from the engine itself.
                try (FlightSqlEndpoint gateway = FlightSqlEndpoint.start(new PooledSqlService(pool, user -> "acme"), allocator,
                        new FlightSqlEndpoint.Settings("127.0.0.1", 0, Optional.empty(), Optional.empty(), Authenticator.ANY_USER, false, Duration.ofMinutes(5), Duration.ofHours(1)),
                        Optional.empty(), new SparkJobsFlightSqlProducer.Options(Optional.empty(), true, Duration.ofMinutes(1)))) {
                    assertDirectResults(gateway, lease.engine().flightEndpoint().orElseThrow());
                    Results.assertJdbcAnswers(gateway.port(), tpchViews, List.of(Tpch.QUERIES.get(0), Tpch.QUERIES.get(2)), local, allocator);
                }
            }
        }
        finally {
            local.close();
        }
        waitFor(() -> pods(eastClient) == 0 && eastKubelet.runningProcesses() == 0, Duration.ofMinutes(1), "the engine's pods and processes to go");

        // East's API server stops answering: the next engine goes west.
        east.close();
        try (EnginePool pool = new EnginePool(pool("after", ShareLevel.CONNECTION, 0, 1, Duration.ofSeconds(1)), phases, Clock.systemUTC()).start();
                EngineLease lease = pool.acquire(new Requester("bob", "acme", "c2"));
                SqlSession remote = lease.engine().sqlService().openSession("bob", Map.of())) {
            assertNotEquals(firstEngine, lease.engine().id());
            assertEquals(Optional.of("west"), provider.clusterOf(lease.engine().id()));
            assertEquals(List.of("6"), Results.query(remote, "SELECT sum(id) FROM range(4)", allocator));
            assertEquals(1, provider.executorPods(lease.engine().id()).size());
        }
        waitFor(() -> pods(westClient) == 0 && westKubelet.runningProcesses() == 0, Duration.ofMinutes(1), "no pod to be left on west");
        assertEquals(Set.of(), provider.running());
    }

    @Test
    void connectionSessionsLeaveOnlyThePoolsMinimumOfPods()
            throws Exception
    {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (EnginePool pool = new EnginePool(pool("conn", ShareLevel.CONNECTION, 1, 2, Duration.ofSeconds(1)), provider, Clock.systemUTC()).start()) {
            waitFor(() -> pool.snapshot().stream().anyMatch(row -> row.state().equals("IDLE")), LAUNCH_TIMEOUT, "the pool to warm its minimum");
            List<Future<List<String>>> sessions = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Requester requester = new Requester("user" + i, "acme", "connection-" + i);
                sessions.add(clients.submit(() -> {
                    try (EngineLease lease = pool.acquire(requester);
                            SqlSession session = lease.engine().sqlService().openSession(requester.user(), Map.of())) {
                        return Results.query(session, "SELECT count(*) FROM range(1000)", allocator);
                    }
                }));
            }
            for (Future<List<String>> session : sessions) {
                assertEquals(List.of("1000"), session.get(LAUNCH_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS));
            }
            System.out.printf("MEASURE kubernetes engines launched for 6 connection sessions (2 at a time, min 1, max 2): %d%n", pool.launchTimes().size());
            waitFor(() -> pool.size() == 1 && provider.running().size() == 1 && driverPods() == 1 && executorPods() == 1, Duration.ofMinutes(2),
                    "the pool to return to its minimum: 1 driver pod and its executor pod");
        }
        finally {
            clients.shutdownNow();
        }
        waitFor(() -> driverPods() == 0 && executorPods() == 0, Duration.ofMinutes(1), "no pod to be left once the pool closed");
    }

    /** Counts pods of engines on the clusters that still answer. */
    private static long driverPods()
    {
        return countPods(DriverPods.DRIVER);
    }

    private static long executorPods()
    {
        return countPods(DriverPods.EXECUTOR);
    }

    private static long countPods(String role)
    {
        long pods = 0;
        for (MockApiServer server : List.of(east, west)) {
            if (server.running()) {
                KubernetesClient client = server == east ? eastClient : westClient;
                pods += client.pods().inAnyNamespace().withLabel(DriverPods.ROLE, role).list().getItems().size();
            }
        }
        return pods;
    }

    private static long pods(KubernetesClient client)
    {
        return client.pods().inAnyNamespace().list().getItems().size();
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
            try (FlightClient engine = FlightClient.builder(allocator, location).build()) {
                assertEquals(1000, Results.count(engine.getStream(info.getEndpoints().get(0).getTicket())));
            }
        }
    }

    /** The provider, with the time each launch phase began. */
    private static final class PhaseClock
            implements EngineProvider
    {
        private final EngineProvider delegate;
        private final Map<String, Map<LaunchPhase, Long>> times = new java.util.concurrent.ConcurrentHashMap<>();

        PhaseClock(EngineProvider delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public String name()
        {
            return delegate.name();
        }

        @Override
        public Engine launch(EngineRequest request, LaunchListener listener)
                throws SqlServiceException
        {
            Map<LaunchPhase, Long> phases = times.computeIfAbsent(request.engineId(), id -> java.util.Collections.synchronizedMap(new EnumMap<>(LaunchPhase.class)));
            phases.put(LaunchPhase.REQUESTED, System.nanoTime());
            return delegate.launch(request, (id, phase) -> {
                phases.putIfAbsent(phase, System.nanoTime());
                listener.phase(id, phase);
            });
        }

        void print(String engineId, long coldStart, long firstResult)
        {
            Map<LaunchPhase, Long> phases = times.get(engineId);
            StringBuilder line = new StringBuilder("MEASURE kubernetes cold start to first result: " + (firstResult - coldStart) / 1_000_000 + " ms;");
            long previous = coldStart;
            LaunchPhase previousPhase = null;
            for (Map.Entry<LaunchPhase, Long> phase : new java.util.TreeMap<>(phases).entrySet()) {
                if (previousPhase != null) {
                    line.append(' ').append(previousPhase).append(' ').append((phase.getValue() - previous) / 1_000_000).append(" ms,");
                }
                previous = phase.getValue();
                previousPhase = phase.getKey();
            }
            line.append(' ').append(previousPhase).append(" to first result ").append((firstResult - previous) / 1_000_000).append(" ms");
            line.append(String.format(" (load average %.1f)", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            System.out.println(line);
            assertTrue(phases.keySet().containsAll(List.of(LaunchPhase.POD_PENDING, LaunchPhase.DRIVER_STARTING, LaunchPhase.SPARK_STARTING,
                    LaunchPhase.EXECUTORS_REGISTERING, LaunchPhase.READY)), "phases seen: " + phases.keySet());
        }

        @Override
        public Set<String> running()
        {
            return delegate.running();
        }

        @Override
        public void kill(String engineId)
        {
            delegate.kill(engineId);
        }

        @Override
        public void close()
        {
            // the test closes the provider itself
        }
    }
}
