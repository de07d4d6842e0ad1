package dev.sparkjobs.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkjobs.pool.kubernetes.KubernetesCluster;
import dev.sparkjobs.pool.kubernetes.KubernetesProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where and how the {@code kubernetes} provider starts engines ({@code engine.kubernetes.*}): the
 * kubeconfig and its clusters, the engine image, namespaces, service account and scheduling
 * constraints. Read only when {@code engine.provider} is {@code kubernetes}. The defaults match
 * the manifests in {@code deploy/}.
 *
 * @param kubeconfig the kubeconfig file; empty for fabric8's usual lookup ({@code KUBECONFIG},
 *        {@code ~/.kube/config}, or the service account of the gateway's own pod)
 * @param clusters the clusters engines may go to; empty for one cluster {@code default} of the
 *        current context
 * @param image the engine image (the gateway's own); required
 * @param namespace the namespace of engines launched for no tenant (a pool's warm minimum)
 * @param tenantNamespacePrefix engines of tenant {@code T} go into namespace {@code <prefix>T};
 *        empty: every engine goes into {@code namespace}
 * @param serviceAccount the driver pods' service account
 * @param nodeSelector node selector of driver and executor pods
 * @param tolerations tolerations of driver and executor pods, as a pod spec writes them
 * @param spotNodeSelector added for profiles asking for spot capacity
 * @param spotTolerations added for profiles asking for spot capacity
 * @param labels added to every pod of an engine
 * @param enginePort the engine's Flight SQL port in its pod ({@code 0}: any free one)
 * @param java the {@code java} command inside the image
 * @param classpath the engine's classpath inside the image
 * @param requestTimeout how long one call to an API server may take; a cluster that does not
 *        answer within it is skipped when placing an engine
 * @param stopTimeout the grace period of a deleted driver pod
 */
public record KubernetesSettings(
        Optional<Path> kubeconfig,
        List<Cluster> clusters,
        Optional<String> image,
        String namespace,
        String tenantNamespacePrefix,
        String serviceAccount,
        Map<String, String> nodeSelector,
        List<Map<String, String>> tolerations,
        Map<String, String> spotNodeSelector,
        List<Map<String, String>> spotTolerations,
        Map<String, String> labels,
        int enginePort,
        String java,
        String classpath,
        Duration requestTimeout,
        Duration stopTimeout)
{
    public static final String PREFIX = "engine.kubernetes.";
    public static final int DEFAULT_MAX_ENGINES = 20;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Set<String> CLUSTER_FIELDS = Set.of("name", "context", "max-engines", "tenants", "labels", "api-server-for-pods");

    /**
     * One cluster of the kubeconfig.
     *
     * @param name its name in logs, errors, pod labels and {@code system.engines.cluster}
     * @param context its kubeconfig context; empty for the current one
     * @param maxEngines driver pods of the gateway it runs at most
     * @param tenants the tenants it takes; empty for all
     * @param labels what it offers, for profiles asking {@code sparkjobs.kubernetes.cluster.<label>=<value>}
     * @param apiServerForPods the API server as a driver pod reaches it
     */
    public record Cluster(String name, Optional<String> context, int maxEngines, Set<String> tenants, Map<String, String> labels, String apiServerForPods)
    {
        public Cluster
        {
            requireNonNull(name, "name is null");
            requireNonNull(context, "context is null");
            tenants = Set.copyOf(tenants);
            labels = Map.copyOf(labels);
            requireNonNull(apiServerForPods, "apiServerForPods is null");
        }

        /** The cluster of the current context, as used when none is listed. */
        public static Cluster current()
        {
            return new Cluster("default", Optional.empty(), DEFAULT_MAX_ENGINES, Set.of(), Map.of(), KubernetesCluster.IN_CLUSTER_API_SERVER);
        }
    }

    public KubernetesSettings
    {
        requireNonNull(kubeconfig, "kubeconfig is null");
        clusters = List.copyOf(clusters);
        requireNonNull(image, "image is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(tenantNamespacePrefix, "tenantNamespacePrefix is null");
        requireNonNull(serviceAccount, "serviceAccount is null");
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = tolerations.stream().map(Map::copyOf).toList();
        spotNodeSelector = Map.copyOf(spotNodeSelector);
        spotTolerations = spotTolerations.stream().map(Map::copyOf).toList();
        labels = Map.copyOf(labels);
        requireNonNull(java, "java is null");
        requireNonNull(classpath, "classpath is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(stopTimeout, "stopTimeout is null");
    }

    public static KubernetesSettings defaults()
    {
        return new KubernetesSettings(Optional.empty(), List.of(), Optional.empty(), "sparkjobs", "sparkjobs-", KubernetesProviderConfig.DEFAULT_SERVICE_ACCOUNT,
                Map.of(), List.of(), Map.of(), List.of(), Map.of(), 32010, "java", KubernetesProviderConfig.DEFAULT_CLASSPATH, Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    /** The clusters listed, or the current context's. */
    public List<Cluster> clustersOrCurrent()
    {
        return clusters.isEmpty() ? List.of(Cluster.current()) : clusters;
    }

    /** Refuses settings that cannot work, naming the setting. */
    public KubernetesSettings validate()
    {
        if (image.isEmpty() || image.get().isBlank()) {
            throw new IllegalArgumentException(PREFIX + "image is required with engine.provider kubernetes: the engine image, the gateway's own "
                    + "(its jars under " + PREFIX + "classpath, default " + KubernetesProviderConfig.DEFAULT_CLASSPATH + ")");
        }
        dnsLabel("namespace", namespace);
        if (!tenantNamespacePrefix.isEmpty() && !tenantNamespacePrefix.matches("[a-z0-9][-a-z0-9]*")) {
            throw new IllegalArgumentException(PREFIX + "tenant-namespace-prefix must be lower-case letters, digits and '-', not '" + tenantNamespacePrefix
                    + "' (empty: every engine in " + PREFIX + "namespace)");
        }
        dnsLabel("service-account", serviceAccount);
        if (enginePort < 0 || enginePort > 65535) {
            throw new IllegalArgumentException(PREFIX + "engine-port must be between 0 and 65535, not " + enginePort);
        }
        if (java.isBlank() || classpath.isBlank()) {
            throw new IllegalArgumentException(PREFIX + "java and " + PREFIX + "classpath must not be empty");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PREFIX + "request-timeout must be positive (a few seconds)");
        }
        if (stopTimeout.isNegative()) {
            throw new IllegalArgumentException(PREFIX + "stop-timeout must not be negative");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < clusters.size(); i++) {
            Cluster cluster = clusters.get(i);
            String where = PREFIX + "clusters[" + i + "]";
            if (!LABEL_VALUE.matcher(cluster.name()).matches()) {
                throw new IllegalArgumentException(where + ".name must be up to 63 letters, digits, '-', '_' or '.', not '" + cluster.name() + "'");
            }
            if (!names.add(cluster.name())) {
                throw new IllegalArgumentException(where + ".name '" + cluster.name() + "' is listed twice");
            }
            if (cluster.maxEngines() < 1) {
                throw new IllegalArgumentException(where + ".max-engines must be at least 1, not " + cluster.maxEngines());
            }
            if (!cluster.apiServerForPods().startsWith("https://") && !cluster.apiServerForPods().startsWith("http://")) {
                throw new IllegalArgumentException(where + ".api-server-for-pods must be an http(s) URL, not '" + cluster.apiServerForPods() + "'");
            }
        }
        tolerations("tolerations", tolerations);
        tolerations("spot.tolerations", spotTolerations);
        return this;
    }

    private static void dnsLabel(String key, String value)
    {
        if (!DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(PREFIX + key + " must be a DNS label (lower-case letters, digits, '-'), not '" + value + "'");
        }
    }

    /** The tolerations as the provider takes them. */
    static List<io.fabric8.kubernetes.api.model.Toleration> tolerations(String key, List<Map<String, String>> tolerations)
    {
        List<io.fabric8.kubernetes.api.model.Toleration> result = new ArrayList<>();
        for (int i = 0; i < tolerations.size(); i++) {
            try {
                result.add(KubernetesProviderConfig.toleration(tolerations.get(i)));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + key + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return result;
    }

    /** The provider's configuration on these clusters. */
    public KubernetesProviderConfig providerConfig(List<KubernetesCluster> kubernetesClusters)
    {
        return new KubernetesProviderConfig(kubernetesClusters, image.orElseThrow(), java, classpath, namespace,
                tenantNamespacePrefix.isEmpty() ? Optional.empty() : Optional.of(tenantNamespacePrefix), serviceAccount, nodeSelector,
                tolerations("tolerations", tolerations), spotNodeSelector, tolerations("spot.tolerations", spotTolerations), labels, enginePort, stopTimeout);
    }

    /** Sets one {@code engine.kubernetes.*} key from its YAML value ({@code key} without the prefix). */
    KubernetesSettings with(String key, JsonNode value)
    {
        Optional<Path> newKubeconfig = kubeconfig;
        List<Cluster> newClusters = clusters;
        Optional<String> newImage = image;
        String newNamespace = namespace;
        String newPrefix = tenantNamespacePrefix;
        String newServiceAccount = serviceAccount;
        Map<String, String> newNodeSelector = nodeSelector;
        List<Map<String, String>> newTolerations = tolerations;
        Map<String, String> newSpotNodeSelector = spotNodeSelector;
        List<Map<String, String>> newSpotTolerations = spotTolerations;
        Map<String, String> newLabels = labels;
        int newEnginePort = enginePort;
        String newJava = java;
        String newClasspath = classpath;
        Duration newRequestTimeout = requestTimeout;
        Duration newStopTimeout = stopTimeout;
        switch (key) {
            case "kubeconfig" -> newKubeconfig = value.asText().isBlank() ? Optional.empty() : Optional.of(Path.of(value.asText().trim()));
            case "clusters" -> newClusters = clusters(value);
            case "image" -> newImage = Optional.of(value.asText().trim());
            case "namespace" -> newNamespace = value.asText().trim();
            case "tenant-namespace-prefix" -> newPrefix = value.isNull() ? "" : value.asText().trim();
            case "service-account" -> newServiceAccount = value.asText().trim();
            case "node-selector" -> newNodeSelector = stringMap(PREFIX + key, value);
            case "tolerations" -> newTolerations = tolerationList(PREFIX + key, value);
            case "spot.node-selector" -> newSpotNodeSelector = stringMap(PREFIX + key, value);
            case "spot.tolerations" -> newSpotTolerations = tolerationList(PREFIX + key, value);
            case "labels" -> newLabels = stringMap(PREFIX + key, value);
            case "engine-port" -> newEnginePort = number(PREFIX + key, value);
            case "java" -> newJava = value.asText().trim();
            case "classpath" -> newClasspath = value.asText().trim();
            case "request-timeout" -> newRequestTimeout = GatewayConfig.duration(value.asText());
            case "stop-timeout" -> newStopTimeout = GatewayConfig.duration(value.asText());
            default -> throw new IllegalArgumentException("unknown setting '" + PREFIX + key + "'");
        }
        return new KubernetesSettings(newKubeconfig, newClusters, newImage, newNamespace, newPrefix, newServiceAccount, newNodeSelector, newTolerations,
                newSpotNodeSelector, newSpotTolerations, newLabels, newEnginePort, newJava, newClasspath, newRequestTimeout, newStopTimeout);
    }

    private static List<Cluster> clusters(JsonNode value)
    {
        String key = PREFIX + "clusters";
        if (!value.isArray()) {
            throw new IllegalArgumentException(key + " must be a list of clusters (name, context, max-engines, tenants, labels, api-server-for-pods)");
        }
        List<Cluster> clusters = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String where = key + "[" + i + "]";
            if (!item.isObject()) {
                throw new IllegalArgumentException(where + " must be a map with name, context, max-engines, tenants, labels, api-server-for-pods");
            }
            for (Iterator<String> fields = item.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!CLUSTER_FIELDS.contains(field)) {
                    throw new IllegalArgumentException("unknown setting '" + where + "." + field + "'; a cluster has " + String.join(", ", CLUSTER_FIELDS.stream().sorted().toList()));
                }
            }
            String name = item.path("name").asText("").trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(where + ".name is required");
            }
            String context = item.path("context").isNull() ? "" : item.path("context").asText("").trim();
            int maxEngines = item.has("max-engines") ? number(where + ".max-engines", item.get("max-engines")) : DEFAULT_MAX_ENGINES;
            Set<String> tenants = new LinkedHashSet<>();
            if (item.has("tenants")) {
                JsonNode list = item.get("tenants");
                if (!list.isArray()) {
                    throw new IllegalArgumentException(where + ".tenants must be a list of tenant names");
                }
                list.forEach(tenant -> tenants.add(tenant.asText()));
            }
            Map<String, String> labels = item.has("labels") ? stringMap(where + ".labels", item.get("labels")) : Map.of();
            String apiServer = item.has("api-server-for-pods") ? item.get("api-server-for-pods").asText().trim() : KubernetesCluster.IN_CLUSTER_API_SERVER;
            clusters.add(new Cluster(name, context.isEmpty() ? Optional.empty() : Optional.of(context), maxEngines, tenants, labels, apiServer));
        }
        return clusters;
    }

    private static List<Map<String, String>> tolerationList(String key, JsonNode value)
    {
        if (!value.isArray()) {
            throw new IllegalArgumentException(key + " must be a list of tolerations ({key, operator, value, effect})");
        }
        List<Map<String, String>> tolerations = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            Map<String, String> toleration = stringMap(key + "[" + i + "]", value.get(i));
            try {
                KubernetesProviderConfig.toleration(toleration);
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + "[" + i + "]: " + e.getMessage(), e);
            }
            tolerations.add(toleration);
        }
        return tolerations;
    }

    private static Map<String, String> stringMap(String key, JsonNode value)
    {
        if (value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException(key + " must be a map of names to values");
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    private static int number(String key, JsonNode value)
    {
        if (!value.canConvertToInt() && !value.asText().trim().matches("\\d+")) {
            throw new IllegalArgumentException(key + " must be a number, not '" + value.asText() + "'");
        }
        return value.isNumber() ? value.asInt() : Integer.parseInt(value.asText().trim());
    }

    public KubernetesSettings withKubeconfig(Path file)
    {
        return new KubernetesSettings(Optional.of(file), clusters, image, namespace, tenantNamespacePrefix, serviceAccount, nodeSelector, tolerations,
                spotNodeSelector, spotTolerations, labels, enginePort, java, classpath, requestTimeout, stopTimeout);
    }
}
