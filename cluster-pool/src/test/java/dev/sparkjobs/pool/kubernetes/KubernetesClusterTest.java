package dev.sparkjobs.pool.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Clusters from an explicit kubeconfig file: each context reaches its own API server (seconds, no pod runs). */
class KubernetesClusterTest
{
    /** A kubeconfig with one context per API server, the first one current. */
    static String kubeconfig(Map<String, String> contextToServer)
    {
        StringBuilder clusters = new StringBuilder();
        StringBuilder contexts = new StringBuilder();
        contextToServer.forEach((context, server) -> {
            clusters.append("- name: ").append(context).append("-cluster\n  cluster:\n    server: ").append(server).append('\n');
            contexts.append("- name: ").append(context).append("\n  context:\n    cluster: ").append(context).append("-cluster\n    user: tester\n");
        });
        return "apiVersion: v1\nkind: Config\nclusters:\n" + clusters + "contexts:\n" + contexts
                + "current-context: " + contextToServer.keySet().iterator().next() + "\nusers:\n- name: tester\n  user:\n    token: not-checked\n";
    }

    @Test
    void eachContextOfAnExplicitFileReachesItsOwnApiServer()
            throws Exception
    {
        Path file = Files.createTempFile("kubeconfig-", ".yaml");
        try (MockApiServer east = MockApiServer.start(); MockApiServer west = MockApiServer.start();
                KubernetesClient eastView = east.newClient(); KubernetesClient westView = west.newClient()) {
            Map<String, String> servers = new java.util.LinkedHashMap<>();
            servers.put("east-ctx", east.url());
            servers.put("west-ctx", west.url());
            Files.writeString(file, kubeconfig(servers));

            KubernetesCluster eastCluster = KubernetesCluster.fromKubeconfig("east", Optional.of(file), Optional.of("east-ctx"), east.url(),
                    Duration.ofSeconds(5), 3, Set.of("acme"), Map.of("region", "eu"));
            KubernetesCluster westCluster = KubernetesCluster.fromKubeconfig("west", Optional.of(file), Optional.of("west-ctx"),
                    KubernetesCluster.IN_CLUSTER_API_SERVER, Duration.ofSeconds(5), 2, Set.of(), Map.of());
            KubernetesCluster current = KubernetesCluster.fromKubeconfig("current", Optional.of(file), Optional.empty(),
                    KubernetesCluster.IN_CLUSTER_API_SERVER, Duration.ofSeconds(5), 1, Set.of(), Map.of());
            try (KubernetesClient eastClient = eastCluster.client(); KubernetesClient westClient = westCluster.client();
                    KubernetesClient currentClient = current.client()) {
                eastClient.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("from-east").endMetadata().build()).create();
                westClient.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("from-west").endMetadata().build()).create();
                assertEquals("from-east", eastView.configMaps().inNamespace("default").list().getItems().get(0).getMetadata().getName());
                assertEquals("from-west", westView.configMaps().inNamespace("default").list().getItems().get(0).getMetadata().getName());
                // No context: the file's current one.
                assertTrue(currentClient.configMaps().inNamespace("default").withName("from-east").get() != null, "the current context is east's");
                assertEquals(east.url(), eastCluster.apiServerForPods());
                assertEquals(3, eastCluster.maxEngines());
                assertEquals(Set.of("acme"), eastCluster.tenants());
                // Short timeouts, no retries: an unreachable cluster is skipped quickly.
                assertEquals(5000, eastClient.getConfiguration().getRequestTimeout());
                assertEquals(0, eastClient.getConfiguration().getRequestRetryBackoffLimit());
            }
        }

        IllegalArgumentException noContext = assertThrows(IllegalArgumentException.class, () -> KubernetesCluster.fromKubeconfig("x", Optional.of(file),
                Optional.of("north-ctx"), KubernetesCluster.IN_CLUSTER_API_SERVER, Duration.ofSeconds(1), 1, Set.of(), Map.of()));
        assertTrue(noContext.getMessage().contains("north-ctx") && noContext.getMessage().contains("east-ctx"), noContext.getMessage());
        Path missing = file.resolveSibling("no-such-kubeconfig.yaml");
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class, () -> KubernetesCluster.fromKubeconfig("x", Optional.of(missing),
                Optional.empty(), KubernetesCluster.IN_CLUSTER_API_SERVER, Duration.ofSeconds(1), 1, Set.of(), Map.of()));
        assertTrue(noFile.getMessage().contains(missing.toString()), noFile.getMessage());
        Files.delete(file);
    }
}
