package dev.sparkjobs.pool.kubernetes;

import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.EngineRequest;
import dev.sparkjobs.pool.process.JvmOptions;
import dev.sparkjobs.pool.remote.EngineMain;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The driver pod of an engine, built from the cluster profile: the engine main as its command,
 * resource requests and limits, node selector and tolerations (spot capacity), labels, and the
 * Spark settings that make Spark's own k8s backend create its executors as pods owned by it.
 */
final class DriverPods
{
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "sparkjobs";
    static final String ENGINE = "sparkjobs.dev/engine";
    static final String POOL = "sparkjobs.dev/pool";
    static final String TENANT = "sparkjobs.dev/tenant";
    static final String CLUSTER = "sparkjobs.dev/cluster";
    static final String ROLE = "sparkjobs.dev/role";
    static final String DRIVER = "driver";
    static final String EXECUTOR = "executor";
    static final String SPARK_ROLE = "spark-role";
    static final String SECRET_KEY = "secret";
    static final String DATA_MOUNT = "/var/lib/sparkjobs";
    /** Profile settings for the provider itself; none reaches Spark. */
    static final String SETTINGS_PREFIX = "sparkjobs.kubernetes.";
    static final String CLUSTER_DEMAND_PREFIX = SETTINGS_PREFIX + "cluster.";
    static final String CAPACITY = SETTINGS_PREFIX + "capacity";
    private static final long MIB = 1024L * 1024;
    private static final long MIN_OVERHEAD = 384 * MIB;

    private DriverPods() {}

    static String podName(String engineId)
    {
        return engineId + "-driver";
    }

    static String secretName(String engineId)
    {
        return engineId + "-secret";
    }

    /** What a profile asks of the cluster it goes to: {@code sparkjobs.kubernetes.cluster.<label>=<value>}. */
    static Map<String, String> clusterDemands(ClusterProfile profile)
    {
        Map<String, String> demands = new TreeMap<>();
        profile.sparkConf().forEach((key, value) -> {
            if (key.startsWith(CLUSTER_DEMAND_PREFIX)) {
                demands.put(key.substring(CLUSTER_DEMAND_PREFIX.length()), value);
            }
        });
        return demands;
    }

    static boolean spot(ClusterProfile profile)
    {
        return "spot".equals(profile.sparkConf().get(CAPACITY));
    }

    static Secret secret(EngineRequest request, String namespace, String secret, Map<String, String> labels)
    {
        return new SecretBuilder()
                .withNewMetadata().withName(secretName(request.engineId())).withNamespace(namespace).withLabels(labels).endMetadata()
                .withType("Opaque")
                .addToStringData(SECRET_KEY, secret)
                .build();
    }

    static Map<String, String> labels(KubernetesProviderConfig config, KubernetesCluster cluster, EngineRequest request)
    {
        Map<String, String> labels = new LinkedHashMap<>(config.labels());
        labels.put("app.kubernetes.io/name", "sparkjobs-engine");
        labels.put(MANAGED_BY, MANAGER);
        labels.put(ENGINE, request.engineId());
        labels.put(POOL, request.pool());
        labels.put(CLUSTER, cluster.name());
        request.tenant().ifPresent(tenant -> labels.put(TENANT, tenant.replaceAll("[^A-Za-z0-9_.-]", "_")));
        return labels;
    }

    static Pod driverPod(KubernetesProviderConfig config, KubernetesCluster cluster, EngineRequest request, String namespace)
    {
        ClusterProfile profile = request.profile();
        String podName = podName(request.engineId());
        Map<String, String> labels = labels(config, cluster, request);
        labels.put(ROLE, DRIVER);
        labels.put(SPARK_ROLE, DRIVER);

        Map<String, String> nodeSelector = new TreeMap<>(config.nodeSelector());
        List<Toleration> tolerations = new ArrayList<>(config.tolerations());
        if (spot(profile)) {
            nodeSelector.putAll(config.spotNodeSelector());
            tolerations.addAll(config.spotTolerations());
        }

        List<String> command = new ArrayList<>();
        command.add(config.java());
        command.addAll(JvmOptions.opens());
        profile.driverMemoryBytes().ifPresent(bytes -> command.add("-Xmx" + Math.max(1, bytes / MIB) + "m"));
        command.addAll(List.of("-cp", config.classpath(), EngineMain.class.getName()));
        command.addAll(List.of(
                "--engine-id", request.engineId(),
                "--data-dir", DATA_MOUNT + "/data",
                "--status-pod", namespace + "/" + podName,
                "--host", "$(POD_IP)",
                "--port", Integer.toString(config.enginePort())));
        sparkConf(config, cluster, request, namespace, podName, nodeSelector)
                .forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));

        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
        env.add(new EnvVarBuilder().withName(EngineMain.SECRET_ENV).withNewValueFrom()
                .withNewSecretKeyRef().withName(secretName(request.engineId())).withKey(SECRET_KEY).endSecretKeyRef().endValueFrom().build());
        if (!tolerations.isEmpty()) {
            // Spark has settings for executors' node selectors but not their tolerations: a pod template.
            Pod template = new PodBuilder().withNewSpec().withTolerations(tolerations).endSpec().build();
            env.add(new EnvVarBuilder().withName(EngineMain.EXECUTOR_POD_TEMPLATE_ENV).withValue(Serialization.asYaml(template)).build());
        }

        long heap = profile.driverMemoryBytes().orElse(1024 * MIB);
        Map<String, Quantity> requests = new HashMap<>();
        requests.put("cpu", new Quantity(Integer.toString(profile.driverCores())));
        requests.put("memory", new Quantity(Long.toString((heap + Math.max(MIN_OVERHEAD, heap / 10)) / MIB) + "Mi"));

        return new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(namespace).withLabels(labels).endMetadata()
                .withNewSpec()
                    .withServiceAccountName(config.serviceAccount())
                    .withRestartPolicy("Never")
                    .withNodeSelector(nodeSelector)
                    .withTolerations(tolerations)
                    .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                    .addNewContainer()
                        .withName("engine")
                        .withImage(config.image())
                        .withImagePullPolicy("IfNotPresent")
                        .withCommand(command)
                        .withEnv(env)
                        .addNewPort().withName("flight").withContainerPort(config.enginePort() == 0 ? 32010 : config.enginePort()).endPort()
                        .withNewResources().withRequests(requests).withLimits(requests).endResources()
                        .addNewVolumeMount().withName("data").withMountPath(DATA_MOUNT).endVolumeMount()
                    .endContainer()
                .endSpec()
                .build();
    }

    /** Spark's settings for a client-mode driver in a pod whose executors are pods it owns. */
    private static Map<String, String> sparkConf(KubernetesProviderConfig config, KubernetesCluster cluster, EngineRequest request,
            String namespace, String podName, Map<String, String> nodeSelector)
    {
        ClusterProfile profile = request.profile();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.master", "k8s://" + cluster.apiServerForPods());
        conf.put("spark.submit.deployMode", "client");
        conf.put("spark.app.name", "sparkjobs-" + request.engineId());
        conf.put("spark.sql.catalogImplementation", "in-memory");
        conf.put("spark.kubernetes.namespace", namespace);
        conf.put("spark.kubernetes.driver.pod.name", podName);
        conf.put("spark.kubernetes.executor.podNamePrefix", request.engineId());
        conf.put("spark.kubernetes.container.image", config.image());
        conf.put("spark.kubernetes.authenticate.executor.serviceAccountName", config.serviceAccount());
        conf.put("spark.driver.host", "$(POD_IP)");
        conf.put("spark.driver.bindAddress", "$(POD_IP)");
        conf.put("spark.executor.instances", Integer.toString(Math.max(1, profile.executorInstances())));
        conf.put("spark.executor.cores", Integer.toString(profile.executorCores()));
        conf.put("spark.kubernetes.executor.limit.cores", Integer.toString(profile.executorCores()));
        profile.executorMemoryBytes().ifPresent(bytes -> conf.put("spark.executor.memory", Math.max(1, bytes / MIB) + "m"));
        // Ready means the executors registered: the launch's last phase waits for them.
        conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", request.launchTimeout().toSeconds() + "s");
        conf.put("spark.kubernetes.executor.label." + ENGINE, request.engineId());
        conf.put("spark.kubernetes.executor.label." + ROLE, EXECUTOR);
        conf.put("spark.kubernetes.executor.label." + MANAGED_BY, MANAGER);
        request.tenant().ifPresent(tenant -> conf.put("spark.kubernetes.executor.label." + TENANT, tenant.replaceAll("[^A-Za-z0-9_.-]", "_")));
        config.labels().forEach((key, value) -> conf.put("spark.kubernetes.executor.label." + key, value));
        nodeSelector.forEach((key, value) -> conf.put("spark.kubernetes.executor.node.selector." + key, value));
        profile.sparkConf().forEach((key, value) -> {
            if (!key.startsWith("sparkjobs.")) {
                conf.put(key, value);
            }
        });
        return conf;
    }

    static Optional<String> podIp(Pod pod)
    {
        return Optional.ofNullable(pod.getStatus()).map(status -> status.getPodIP()).filter(ip -> !ip.isEmpty());
    }
}
