package dev.sparkjobs.pool.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
     * in-cluster service account when the gateway runs in a pod), found where fabric8 looks
     * ({@code KUBECONFIG}, {@code ~/.kube/config}, the service account).
     *
     * @param requestTimeout how long one API call may take: an unreachable cluster is skipped after it
     */
    public static KubernetesCluster fromKubeconfig(String name, Optional<String> context, Duration requestTimeout, int maxEngines,
            Set<String> tenants, Map<String, String> labels)
    {
        return fromKubeconfig(name, Optional.empty(), context, IN_CLUSTER_API_SERVER, requestTimeout, maxEngines, tenants, labels);
    }

    /**
     * A cluster of a kubeconfig file, by context.
     *
     * @param kubeconfig the file; empty for fabric8's usual lookup ({@code KUBECONFIG},
     *        {@code ~/.kube/config}, or the in-cluster service account)
     * @param context the context of the file; empty for its current context
     * @param apiServerForPods the API server as a driver pod reaches it ({@link #IN_CLUSTER_API_SERVER} in a cluster)
     * @param requestTimeout how long one API call may take: an unreachable cluster is skipped after it
     * @throws IllegalArgumentException when the file cannot be read or has no such context
     */
    public static KubernetesCluster fromKubeconfig(String name, Optional<Path> kubeconfig, Optional<String> context, String apiServerForPods,
            Duration requestTimeout, int maxEngines, Set<String> tenants, Map<String, String> labels)
    {
        requireNonNull(kubeconfig, "kubeconfig is null");
        requireNonNull(context, "context is null");
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config(kubeconfig, context, requestTimeout)).build();
        return new KubernetesCluster(name, client, apiServerForPods, maxEngines, tenants, labels);
    }

    /** The client configuration of one context: the file's, or fabric8's usual lookup; short timeouts, no retries. */
    static Config config(Optional<Path> kubeconfig, Optional<String> context, Duration requestTimeout)
    {
        Config base;
        if (kubeconfig.isPresent()) {
            Path file = kubeconfig.get();
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("the kubeconfig file " + file + " cannot be read");
            }
            try {
                base = Config.fromKubeconfig(context.orElse(null), file.toFile());
            }
            catch (RuntimeException e) {
                throw new IllegalArgumentException("the kubeconfig file " + file + " cannot be used: " + e.getMessage(), e);
            }
            List<String> contexts = base.getContexts() == null ? List.of() : base.getContexts().stream().map(NamedContext::getName).toList();
            if (context.isPresent() && !contexts.contains(context.get())) {
                throw new IllegalArgumentException("the kubeconfig file " + file + " has no context '" + context.get() + "' (it has " + contexts + ")");
            }
        }
        else {
            base = Config.autoConfigure(context.orElse(null));
        }
        return new ConfigBuilder(base)
                .withRequestTimeout((int) requestTimeout.toMillis())
                .withConnectionTimeout((int) requestTimeout.toMillis())
                .withRequestRetryBackoffLimit(0)
                .build();
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
