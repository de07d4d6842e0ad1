package dev.sparkjobs.pool.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One Kubernetes cluster engines may be placed on.
 *
 * @param name how the cluster is named in logs, errors and the engine's labels
 * @param client the gateway's client of the cluster's API server
 * @param apiServerForPods the API server's address as a driver pod reaches it (the Spark master
 *        becomes {@code k8s://<this>}); in a cluster, {@code https://kubernetes.default.svc}
 * @param maxEngines at most this many driver pods of the gateway at once (its capacity)
 * @param tenants the tenants it takes; empty for all
 * @param labels what it offers ({@code capacity=spot}, {@code region=eu}, {@code gpu=true}); a
 *        profile asking for {@code sparkjobs.kubernetes.cluster.<label>=<value>} goes only where they match
 */
public record KubernetesCluster(String name, KubernetesClient client, String apiServerForPods, int maxEngines, Set<String> tenants, Map<String, String> labels)
{
    public static final String IN_CLUSTER_API_SERVER = "https://kubernetes.default.svc";

    public KubernetesCluster
    {
        requireNonNull(name, "name is null");
        requireNonNull(client, "client is null");
        requireNonNull(apiServerForPods, "apiServerForPods is null");
        if (maxEngines < 0) {
            throw new IllegalArgumentException("maxEngines must not be negative");
        }
        tenants = Set.copyOf(tenants);
        labels = Map.copyOf(labels);
    }

    /**
     * A cluster of the gateway's kubeconfig, by context (empty for the current one, or the
     * in-cluster service account when the gateway runs in a pod).
     *
     * @param requestTimeout how long one API call may take: an unreachable cluster is skipped after it
     */
    public static KubernetesCluster fromKubeconfig(String name, Optional<String> context, Duration requestTimeout, int maxEngines,
            Set<String> tenants, Map<String, String> labels)
    {
        Config config = new ConfigBuilder(Config.autoConfigure(context.orElse(null)))
                .withRequestTimeout((int) requestTimeout.toMillis())
                .withConnectionTimeout((int) requestTimeout.toMillis())
                .withRequestRetryBackoffLimit(0)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        return new KubernetesCluster(name, client, IN_CLUSTER_API_SERVER, maxEngines, tenants, labels);
    }

    /** Why this cluster does not take an engine of the tenant (empty: a warm engine of no tenant yet) with these label demands; empty if it does. */
    Optional<String> refusal(Optional<String> tenant, Map<String, String> demands)
    {
        if (!tenants.isEmpty() && (tenant.isEmpty() || !tenants.contains(tenant.get()))) {
            return Optional.of("does not take " + tenant.map(t -> "tenant " + t).orElse("engines of no tenant"));
        }
        return demands.entrySet().stream()
                .filter(demand -> !demand.getValue().equals(labels.get(demand.getKey())))
                .map(demand -> "lacks " + demand.getKey() + "=" + demand.getValue())
                .findFirst();
    }
}
