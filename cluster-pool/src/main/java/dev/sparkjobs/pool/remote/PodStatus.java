package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An engine's {@link EngineStatus} kept in its driver pod's annotations, the pod's equivalent of
 * the status file: {@value #PHASE} and one {@value #PREFIX}{@code <key>} annotation per value. The
 * engine patches its own pod (its service account may patch pods); the provider watches the pod.
 */
public final class PodStatus
        implements AutoCloseable
{
    public static final String PREFIX = "engine.sparkjobs.dev/";
    public static final String PHASE = PREFIX + "phase";

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;

    private PodStatus(KubernetesClient client, String namespace, String pod)
    {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.pod = requireNonNull(pod, "pod is null");
    }

    /**
     * @param apiServer the API server's URL (what follows {@code k8s://} in the Spark master); the
     *        credentials are the pod's service account, as fabric8 finds them in a pod
     */
    public static PodStatus connect(String apiServer, String namespace, String pod)
    {
        Config config = new ConfigBuilder(Config.autoConfigure(null)).withMasterUrl(apiServer).withNamespace(namespace).build();
        return new PodStatus(new KubernetesClientBuilder().withConfig(config).build(), namespace, pod);
    }

    public void write(EngineStatus status)
    {
        client.pods().inNamespace(namespace).withName(pod).edit(current -> {
            Map<String, String> annotations = new HashMap<>(Optional.ofNullable(current.getMetadata().getAnnotations()).orElse(Map.of()));
            annotations.keySet().removeIf(key -> key.startsWith(PREFIX));
            annotations.put(PHASE, status.phase());
            status.values().forEach((key, value) -> annotations.put(PREFIX + key, value));
            current.getMetadata().setAnnotations(annotations);
            return current;
        });
    }

    /** The status an engine last wrote into this pod, or empty while it has written none. */
    public static Optional<EngineStatus> read(HasMetadata pod)
    {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations == null || !annotations.containsKey(PHASE)) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        annotations.forEach((key, value) -> {
            if (key.startsWith(PREFIX) && !key.equals(PHASE)) {
                values.put(key.substring(PREFIX.length()), value);
            }
        });
        return Optional.of(new EngineStatus(annotations.get(PHASE), values));
    }

    @Override
    public void close()
    {
        client.close();
    }
}
