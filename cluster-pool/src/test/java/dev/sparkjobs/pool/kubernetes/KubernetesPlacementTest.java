package dev.sparkjobs.pool.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.EngineRequest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** Where engines go and what their driver pods look like, against mock API servers (no pod runs). */
class KubernetesPlacementTest
{
    private static final long MIB = 1024L * 1024;
    private static final Toleration SPOT = new TolerationBuilder().withKey("capacity").withOperator("Equal").withValue("spot").withEffect("NoSchedule").build();
    private static final ClusterProfile PROFILE = new ClusterProfile(2, Optional.of(1024 * MIB), 3, 2, Optional.of(2048 * MIB), Map.of("spark.sql.shuffle.partitions", "8"));

    private static EngineRequest request(String id, Optional<String> tenant, ClusterProfile profile)
    {
        return new EngineRequest(id, "adhoc", profile, Duration.ofMinutes(2), tenant);
    }

    @Test
    void placesByRoomTenantAndLabelsAndSkipsAnUnreachableCluster()
            throws Exception
    {
        try (MockApiServer a = MockApiServer.start();
                MockApiServer b = MockApiServer.start();
                KubernetesClient aClient = a.newClient();
                KubernetesClient bClient = b.newClient();
                KubernetesClient deadClient = unreachable()) {
            KubernetesCluster east = new KubernetesCluster("east", aClient, a.url(), 2, Set.of(), Map.of("region", "eu"));
            KubernetesCluster west = new KubernetesCluster("west", bClient, b.url(), 3, Set.of("acme", "globex"), Map.of("region", "us", "gpu", "true"));
            KubernetesCluster dead = new KubernetesCluster("dead", deadClient, "http://127.0.0.1:1", 10, Set.of(), Map.of());
            KubernetesProviderConfig config = KubernetesProviderConfig.defaults(List.of(dead, east, west), "img");
            try (RootAllocator allocator = new RootAllocator();
                    KubernetesEngineProvider provider = new KubernetesEngineProvider(config, allocator)) {
                // The unreachable cluster is skipped; west has the most room and takes acme.
                assertEquals("west", provider.place(request("e1", Optional.of("acme"), PROFILE)).name());
                // West does not take initech nor engines of no tenant.
                assertEquals("east", provider.place(request("e2", Optional.of("initech"), PROFILE)).name());
                assertEquals("east", provider.place(request("e3", Optional.empty(), PROFILE)).name());
                // Label demands.
                ClusterProfile eu = PROFILE.withSparkConf(Map.of("sparkjobs.kubernetes.cluster.region", "eu"));
                assertEquals("east", provider.place(request("e4", Optional.of("acme"), eu)).name());
                ClusterProfile gpu = PROFILE.withSparkConf(Map.of("sparkjobs.kubernetes.cluster.gpu", "true"));
                SqlServiceException none = assertThrows(SqlServiceException.class, () -> provider.place(request("e5", Optional.of("initech"), gpu)));
                assertEquals("08001", none.sqlState());
                assertTrue(none.getMessage().contains("east: lacks gpu=true"), none.getMessage());
                assertTrue(none.getMessage().contains("west: does not take tenant initech"), none.getMessage());

                // Room counts the driver pods already there: fill west with 2 (of 3), east has 2 free and wins ties by order.
                for (String id : List.of("x1", "x2")) {
                    bClient.pods().inNamespace("sparkjobs-acme").resource(DriverPods.driverPod(config, west, request(id, Optional.of("acme"), PROFILE), "sparkjobs-acme")).create();
                }
                assertEquals("east", provider.place(request("e6", Optional.of("acme"), PROFILE)).name());
                assertEquals(Set.of("x1", "x2"), provider.running());
                bClient.pods().inNamespace("sparkjobs-acme").resource(DriverPods.driverPod(config, west, request("x3", Optional.of("acme"), PROFILE), "sparkjobs-acme")).create();
                assertTrue(assertThrows(SqlServiceException.class, () -> provider.place(request("e7", Optional.of("acme"), gpu))).getMessage()
                        .contains("west: full (3 of 3 engines)"));
                provider.kill("x1");
                assertEquals(Set.of("x2", "x3"), provider.running());
            }
            try (RootAllocator allocator = new RootAllocator();
                    KubernetesEngineProvider provider = new KubernetesEngineProvider(KubernetesProviderConfig.defaults(List.of(dead), "img"), allocator)) {
                SqlServiceException unreachable = assertThrows(SqlServiceException.class, () -> provider.place(request("e8", Optional.of("acme"), PROFILE)));
                assertTrue(unreachable.getMessage().contains("dead: API server unreachable"), unreachable.getMessage());
            }
        }
    }

    @Test
    void driverPodCarriesTheProfile()
    {
        try (MockApiServer api = MockApiServer.start(); KubernetesClient client = api.newClient()) {
            KubernetesCluster cluster = new KubernetesCluster("east", client, "https://kubernetes.default.svc", 2, Set.of(), Map.of());
            KubernetesProviderConfig config = KubernetesProviderConfig.defaults(List.of(cluster), "registry/sparkjobs:1")
                    .withSpotCapacity(Map.of("capacity", "spot"), List.of(SPOT));
            assertEquals("sparkjobs-acme-corp", config.namespaceOf(Optional.of("Acme Corp")));
            assertEquals("sparkjobs", config.namespaceOf(Optional.empty()));

            ClusterProfile spot = PROFILE.withSparkConf(Map.of("sparkjobs.kubernetes.capacity", "spot", "spark.sql.shuffle.partitions", "8"));
            Pod pod = DriverPods.driverPod(config, cluster, request("adhoc-1-abc", Optional.of("acme"), spot), "sparkjobs-acme");
            assertEquals("adhoc-1-abc-driver", pod.getMetadata().getName());
            assertEquals("sparkjobs-acme", pod.getMetadata().getNamespace());
            assertEquals("driver", pod.getMetadata().getLabels().get(DriverPods.ROLE));
            assertEquals("adhoc-1-abc", pod.getMetadata().getLabels().get(DriverPods.ENGINE));
            assertEquals("acme", pod.getMetadata().getLabels().get(DriverPods.TENANT));
            assertEquals("sparkjobs-engine", pod.getSpec().getServiceAccountName());
            assertEquals("Never", pod.getSpec().getRestartPolicy());
            assertEquals(Map.of("capacity", "spot"), pod.getSpec().getNodeSelector());
            assertEquals(List.of(SPOT), pod.getSpec().getTolerations());
            Container container = pod.getSpec().getContainers().get(0);
            assertEquals("registry/sparkjobs:1", container.getImage());
            assertEquals("2", container.getResources().getRequests().get("cpu").toString());
            assertEquals("1408Mi", container.getResources().getRequests().get("memory").toString());
            assertEquals(container.getResources().getRequests(), container.getResources().getLimits());
            List<String> command = container.getCommand();
            assertEquals("java", command.get(0));
            assertTrue(command.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), "the project's JVM flags: " + command);
            assertTrue(command.contains("-Xmx1024m"), command.toString());
            assertEquals("/opt/sparkjobs/lib/*", command.get(command.indexOf("-cp") + 1));
            assertTrue(command.contains("spark.master=k8s://https://kubernetes.default.svc"), command.toString());
            assertTrue(command.contains("spark.kubernetes.driver.pod.name=adhoc-1-abc-driver"), command.toString());
            assertTrue(command.contains("spark.kubernetes.executor.podNamePrefix=adhoc-1-abc"), command.toString());
            assertTrue(command.contains("spark.executor.instances=3"), command.toString());
            assertTrue(command.contains("spark.executor.memory=2048m"), command.toString());
            assertTrue(command.contains("spark.kubernetes.executor.node.selector.capacity=spot"), command.toString());
            assertTrue(command.contains("spark.sql.shuffle.partitions=8"), command.toString());
            assertTrue(command.stream().noneMatch(word -> word.startsWith("sparkjobs.")), "provider settings reach Spark: " + command);
            EnvVar secret = container.getEnv().stream().filter(env -> env.getName().equals("SPARKJOBS_ENGINE_SECRET")).findFirst().orElseThrow();
            assertEquals("adhoc-1-abc-secret", secret.getValueFrom().getSecretKeyRef().getName());
            assertTrue(container.getEnv().stream().anyMatch(env -> env.getName().equals("SPARKJOBS_EXECUTOR_POD_TEMPLATE") && env.getValue().contains("spot")));
        }
    }

    private static KubernetesClient unreachable()
    {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1").withRequestTimeout(2000).withConnectionTimeout(2000)
                .withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
