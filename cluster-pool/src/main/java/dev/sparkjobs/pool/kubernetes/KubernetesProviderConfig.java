package dev.sparkjobs.pool.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How Kubernetes engines start: where (clusters, namespaces) and as what (image, service
 * account, scheduling constraints).
 *
 * @param clusters where engines may go, in order of preference when they have equal room
 * @param image the engine image: the gateway's own (its jars under {@code classpath}, Java in {@code java})
 * @param java the {@code java} command inside the image
 * @param classpath the engine's classpath inside the image
 * @param namespace the namespace of engines launched for no tenant (a pool's warm minimum)
 * @param tenantNamespacePrefix when present, an engine launched for a tenant goes into namespace
 *        {@code <prefix><tenant>} (created if missing)
 * @param serviceAccount the driver's service account: it creates executor pods, a config map
 *        and patches its own pod (see {@code deploy/rbac.yaml})
 * @param nodeSelector node selector of driver and executor pods
 * @param tolerations tolerations of driver and executor pods
 * @param spotNodeSelector added for profiles that ask for spot capacity ({@code sparkjobs.kubernetes.capacity=spot})
 * @param spotTolerations added for profiles that ask for spot capacity (the taint spot nodes carry)
 * @param labels added to every pod the engine makes
 * @param enginePort the Flight SQL port of the engine in its pod ({@code 0}: any free port, for tests
 *        whose pods share one address)
 * @param stopTimeout the grace period of a deleted driver pod
 */
public record KubernetesProviderConfig(
        List<KubernetesCluster> clusters,
        String image,
        String java,
        String classpath,
        String namespace,
        Optional<String> tenantNamespacePrefix,
        String serviceAccount,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Map<String, String> spotNodeSelector,
        List<Toleration> spotTolerations,
        Map<String, String> labels,
        int enginePort,
        Duration stopTimeout)
{
    public static final String DEFAULT_SERVICE_ACCOUNT = "sparkjobs-engine";
    public static final String DEFAULT_CLASSPATH = "/opt/sparkjobs/lib/*";

    public KubernetesProviderConfig
    {
        clusters = List.copyOf(clusters);
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("at least one cluster is needed");
        }
        requireNonNull(image, "image is null");
        requireNonNull(java, "java is null");
        requireNonNull(classpath, "classpath is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(tenantNamespacePrefix, "tenantNamespacePrefix is null");
        requireNonNull(serviceAccount, "serviceAccount is null");
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        spotNodeSelector = Map.copyOf(spotNodeSelector);
        spotTolerations = List.copyOf(spotTolerations);
        labels = Map.copyOf(labels);
        requireNonNull(stopTimeout, "stopTimeout is null");
    }

    public static KubernetesProviderConfig defaults(List<KubernetesCluster> clusters, String image)
    {
        return new KubernetesProviderConfig(clusters, image, "java", DEFAULT_CLASSPATH, "sparkjobs", Optional.of("sparkjobs-"),
                DEFAULT_SERVICE_ACCOUNT, Map.of(), List.of(), Map.of(), List.of(), Map.of(), 32010, Duration.ofSeconds(30));
    }

    public KubernetesProviderConfig withEnginePort(int port)
    {
        return new KubernetesProviderConfig(clusters, image, java, classpath, namespace, tenantNamespacePrefix, serviceAccount, nodeSelector,
                tolerations, spotNodeSelector, spotTolerations, labels, port, stopTimeout);
    }

    public KubernetesProviderConfig withSpotCapacity(Map<String, String> selector, List<Toleration> spotTolerations)
    {
        return new KubernetesProviderConfig(clusters, image, java, classpath, namespace, tenantNamespacePrefix, serviceAccount, nodeSelector,
                tolerations, selector, spotTolerations, labels, enginePort, stopTimeout);
    }

    /**
     * A toleration from its fields as a pod spec writes them ({@code key}, {@code operator},
     * {@code value}, {@code effect}, {@code tolerationSeconds}).
     *
     * @throws IllegalArgumentException for another field, or an operator other than {@code Equal} and {@code Exists}
     */
    public static Toleration toleration(Map<String, String> fields)
    {
        TolerationBuilder toleration = new TolerationBuilder();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            String value = field.getValue();
            switch (field.getKey()) {
                case "key" -> toleration.withKey(value);
                case "operator" -> {
                    if (!value.equals("Equal") && !value.equals("Exists")) {
                        throw new IllegalArgumentException("a toleration's operator is Equal or Exists, not '" + value + "'");
                    }
                    toleration.withOperator(value);
                }
                case "value" -> toleration.withValue(value);
                case "effect" -> toleration.withEffect(value);
                case "tolerationSeconds" -> {
                    try {
                        toleration.withTolerationSeconds(Long.parseLong(value));
                    }
                    catch (NumberFormatException e) {
                        throw new IllegalArgumentException("a toleration's tolerationSeconds is a number, not '" + value + "'", e);
                    }
                }
                default -> throw new IllegalArgumentException("a toleration has key, operator, value, effect and tolerationSeconds, not '" + field.getKey() + "'");
            }
        }
        return toleration.build();
    }

    /** The namespace of an engine launched for this tenant (or for none). */
    public String namespaceOf(Optional<String> tenant)
    {
        if (tenant.isEmpty() || tenantNamespacePrefix.isEmpty()) {
            return namespace;
        }
        String name = (tenantNamespacePrefix.get() + tenant.get()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        name = name.length() > 63 ? name.substring(0, 63) : name;
        return name.replaceAll("-+$", "");
    }
}
