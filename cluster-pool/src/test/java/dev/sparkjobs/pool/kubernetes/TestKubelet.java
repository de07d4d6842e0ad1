package dev.sparkjobs.pool.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.pool.remote.EngineMain;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet (and the garbage collector) of one mock cluster, for tests on a machine without
 * Kubernetes or containers. It watches the pods of its API server and runs each pod's one
 * container as a local process, reporting the pod's phase back: {@code Running} (pod IP
 * 127.0.0.1) once started, {@code Succeeded} or {@code Failed} with the exit code when it ends.
 * A deleted pod's process gets SIGTERM, then SIGKILL after a grace period, and the pods it owns are
 * deleted (what Kubernetes' garbage collector does for owner references).
 *
 * <p>What an image would hold is mapped to this machine:
 * <ul>
 * <li>the image's {@code java} (the container's first word, or the engine image's {@code java})
 *     is this JVM's {@code java}; the value after {@code -cp} is this JVM's classpath (the engine
 *     image's jars are the project's);</li>
 * <li>a container without a command runs Spark's image entrypoint: {@code executor} starts
 *     {@code KubernetesExecutorBackend} with the arguments Spark's {@code entrypoint.sh} builds from
 *     the pod's environment ({@code SPARK_DRIVER_URL}, {@code SPARK_EXECUTOR_ID}, ...);</li>
 * <li>{@code emptyDir} and config map volumes are directories under the kubelet's work
 *     directory; arguments and environment values under a mount path point there;</li>
 * <li>{@code $(VAR)} in commands expands as Kubernetes does; field references resolve
 *     ({@code status.podIP} is 127.0.0.1); secret and config map keys are read from the API server.</li>
 * </ul>
 * Resource requests, limits, node selectors and tolerations are not enforced. An engine's process
 * also gets {@code --parent-pid} of the test JVM, so that it ends with the test however the test
 * ends (executors end when their driver goes).
 */
public final class TestKubelet
        implements AutoCloseable
{
    public static final String POD_IP = "127.0.0.1";
    private static final Logger log = LoggerFactory.getLogger(TestKubelet.class);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
    private static final String EXECUTOR_MAIN = "org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend";

    private final String name;
    private final KubernetesClient client;
    private final Path work;
    private final String imageJava;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger podsStarted = new AtomicInteger();
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    private final SharedIndexInformer<Pod> informer;

    public TestKubelet(String name, KubernetesClient client, Path work, String imageJava)
    {
        this.name = requireNonNull(name, "name is null");
        this.client = requireNonNull(client, "client is null");
        this.work = requireNonNull(work, "work is null");
        this.imageJava = requireNonNull(imageJava, "imageJava is null");
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>()
        {
            @Override
            public void onAdd(Pod pod)
            {
                consider(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod)
            {
                consider(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState)
            {
                String uid = pod.getMetadata().getUid();
                deleted.add(uid);
                workers.execute(() -> {
                    stop(uid, gracePeriod(pod));
                    collectOwnedBy(pod);
                });
            }
        }, 0);
    }

    /** Pods this kubelet has started processes for, in all. */
    public int podsStarted()
    {
        return podsStarted.get();
    }

    /** Where a pod's volumes and its container's log ({@code container.log}) are. */
    public Path directoryOf(Pod pod)
    {
        return work.resolve(name).resolve(pod.getMetadata().getNamespace()).resolve(pod.getMetadata().getName() + "-" + pod.getMetadata().getUid());
    }

    public Path logOf(Pod pod)
    {
        return directoryOf(pod).resolve("container.log");
    }

    /** Processes of pods running now. */
    public long runningProcesses()
    {
        return processes.values().stream().filter(Process::isAlive).count();
    }

    private void consider(Pod pod)
    {
        String uid = pod.getMetadata().getUid();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (pod.getMetadata().getDeletionTimestamp() == null && "Pending".equals(phase) && !deleted.contains(uid) && seen.add(uid)) {
            workers.execute(() -> {
                try {
                    run(pod);
                }
                catch (RuntimeException | IOException e) {
                    log.warn("Kubelet {} cannot run pod {}/{}", name, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e);
                    setStatus(pod, status -> {
                        status.setPhase("Failed");
                        status.setMessage(e.toString());
                        return status;
                    });
                }
            });
        }
    }

    private void run(Pod pod)
            throws IOException
    {
        String namespace = pod.getMetadata().getNamespace();
        String uid = pod.getMetadata().getUid();
        Path directory = directoryOf(pod);
        Files.createDirectories(directory);
        Container container = pod.getSpec().getContainers().get(0);

        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
            Path local = directory.resolve("volumes").resolve(mount.getName());
            Files.createDirectories(local);
            Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            if (volume.getConfigMap() != null) {
                ConfigMap map = client.configMaps().inNamespace(namespace).withName(volume.getConfigMap().getName()).get();
                if (map != null && map.getData() != null) {
                    for (Map.Entry<String, String> entry : map.getData().entrySet()) {
                        Files.writeString(local.resolve(entry.getKey()), entry.getValue(), StandardCharsets.UTF_8);
                    }
                }
            }
            mounts.put(mount.getMountPath(), local);
        }
        UnaryOperator<String> mapPaths = value -> {
            for (Map.Entry<String, Path> mount : mounts.entrySet()) {
                if (value.equals(mount.getKey()) || value.startsWith(mount.getKey() + "/")) {
                    return mount.getValue() + value.substring(mount.getKey().length());
                }
            }
            return value;
        };

        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
            String value = variable.getValueFrom() == null ? expand(Optional.ofNullable(variable.getValue()).orElse(""), env)
                    : resolve(pod, variable.getValueFrom());
            env.put(variable.getName(), mapPaths.apply(value));
        }

        List<String> command = new ArrayList<>();
        Optional.ofNullable(container.getCommand()).ifPresent(command::addAll);
        Optional.ofNullable(container.getArgs()).ifPresent(command::addAll);
        if (container.getCommand() == null || container.getCommand().isEmpty()) {
            command = entrypoint(command, env);
        }
        List<String> local = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            String word = mapPaths.apply(expand(command.get(i), env));
            if (i == 0 && (word.equals(imageJava) || word.endsWith("/java"))) {
                word = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            }
            else if (i > 0 && command.get(i - 1).equals("-cp")) {
                word = System.getProperty("java.class.path");
            }
            local.add(word);
        }
        if (local.contains(EngineMain.class.getName())) {
            // Containers end with their node: an engine stops when the test JVM (this "node") ends, however it ends.
            local.addAll(List.of("--parent-pid", Long.toString(ProcessHandle.current().pid())));
        }

        ProcessBuilder builder = new ProcessBuilder(local)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("container.log").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
        builder.environment().put("HOME", directory.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        if (deleted.contains(uid)) {
            return;
        }
        Process process = builder.start();
        processes.put(uid, process);
        podsStarted.incrementAndGet();
        log.info("Kubelet {} started pod {}/{} as process {}", name, namespace, pod.getMetadata().getName(), process.pid());
        if (deleted.contains(uid)) {
            stop(uid, 0);
            return;
        }
        String started = Instant.now().toString();
        setStatus(pod, status -> {
            status.setPhase("Running");
            status.setPodIP(POD_IP);
            status.setHostIP(POD_IP);
            status.setStartTime(started);
            // Spark's executor allocator waits for its driver pod to be Ready.
            status.setConditions(Stream.of("PodScheduled", "Initialized", "ContainersReady", "Ready")
                    .map(type -> new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(started).build())
                    .toList());
            status.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                    .withReady(true).withStarted(true).withNewState().withNewRunning().withStartedAt(started).endRunning().endState().build()));
            return status;
        });
        process.onExit().thenRun(() -> {
            processes.remove(uid, process);
            if (deleted.contains(uid)) {
                return;
            }
            int code = process.exitValue();
            setStatus(pod, status -> {
                status.setPhase(code == 0 ? "Succeeded" : "Failed");
                status.setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("False").build()));
                status.setContainerStatuses(List.of(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                        .withReady(false).withNewState().withNewTerminated().withExitCode(code).withFinishedAt(Instant.now().toString()).endTerminated().endState().build()));
                return status;
            });
        });
    }

    /** What Spark's image entrypoint runs for a container without a command. */
    private static List<String> entrypoint(List<String> args, Map<String, String> env)
    {
        if (args.isEmpty() || !args.get(0).equals("executor")) {
            return args;
        }
        List<String> command = new ArrayList<>();
        command.add("java");
        env.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("SPARK_JAVA_OPT_"))
                .sorted(Comparator.comparingInt(entry -> Integer.parseInt(entry.getKey().substring("SPARK_JAVA_OPT_".length()))))
                .forEach(entry -> command.add(entry.getValue()));
        String memory = requireNonNull(env.get("SPARK_EXECUTOR_MEMORY"), "SPARK_EXECUTOR_MEMORY");
        command.addAll(List.of("-Xms" + memory, "-Xmx" + memory, "-cp", "/opt/spark/jars/*", EXECUTOR_MAIN,
                "--driver-url", env.get("SPARK_DRIVER_URL"),
                "--executor-id", env.get("SPARK_EXECUTOR_ID"),
                "--cores", env.get("SPARK_EXECUTOR_CORES"),
                "--app-id", env.get("SPARK_APPLICATION_ID"),
                "--hostname", env.get("SPARK_EXECUTOR_POD_IP"),
                "--resourceProfileId", env.get("SPARK_RESOURCE_PROFILE_ID"),
                "--podName", env.get("SPARK_EXECUTOR_POD_NAME")));
        return command;
    }

    private String resolve(Pod pod, EnvVarSource source)
    {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getFieldRef() != null) {
            String path = source.getFieldRef().getFieldPath();
            switch (path) {
                case "status.podIP":
                case "status.hostIP":
                    return POD_IP;
                case "metadata.name":
                    return pod.getMetadata().getName();
                case "metadata.namespace":
                    return namespace;
                case "metadata.uid":
                    return pod.getMetadata().getUid();
                case "spec.nodeName":
                    return name;
                case "spec.serviceAccountName":
                    return Optional.ofNullable(pod.getSpec().getServiceAccountName()).orElse("default");
                default:
                    throw new IllegalArgumentException("field reference " + path + " is not supported by the test kubelet");
            }
        }
        if (source.getSecretKeyRef() != null) {
            Secret secret = requireNonNull(client.secrets().inNamespace(namespace).withName(source.getSecretKeyRef().getName()).get(),
                    "secret " + source.getSecretKeyRef().getName());
            String key = source.getSecretKeyRef().getKey();
            if (secret.getData() != null && secret.getData().containsKey(key)) {
                return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
            }
            return requireNonNull(secret.getStringData() == null ? null : secret.getStringData().get(key), "secret key " + key);
        }
        if (source.getConfigMapKeyRef() != null) {
            ConfigMap map = requireNonNull(client.configMaps().inNamespace(namespace).withName(source.getConfigMapKeyRef().getName()).get(),
                    "config map " + source.getConfigMapKeyRef().getName());
            return map.getData().get(source.getConfigMapKeyRef().getKey());
        }
        throw new IllegalArgumentException("environment source " + source + " is not supported by the test kubelet");
    }

    private static String expand(String value, Map<String, String> env)
    {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = env.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private void setStatus(Pod pod, UnaryOperator<PodStatus> change)
    {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).edit(current -> {
                    current.setStatus(change.apply(current.getStatus() == null ? new PodStatus() : current.getStatus()));
                    return current;
                });
                return;
            }
            catch (KubernetesClientException e) {
                if (e.getCode() == 404 || !running()) {
                    return;
                }
                log.debug("Kubelet {}: retrying a status update of pod {}", name, pod.getMetadata().getName(), e);
            }
        }
    }

    private boolean running()
    {
        return !workers.isShutdown();
    }

    private void collectOwnedBy(Pod owner)
    {
        String uid = owner.getMetadata().getUid();
        try {
            for (Pod pod : client.pods().inNamespace(owner.getMetadata().getNamespace()).list().getItems()) {
                List<OwnerReference> owners = Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of());
                if (owners.stream().anyMatch(reference -> uid.equals(reference.getUid()))) {
                    client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
                }
            }
        }
        catch (KubernetesClientException e) {
            log.debug("Kubelet {}: cannot collect the pods of {}", name, owner.getMetadata().getName(), e);
        }
    }

    private void stop(String uid, long graceSeconds)
    {
        Process process = processes.get(uid);
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        processes.remove(uid, process);
    }

    /** Stops watching and kills what still runs (as a node that goes away). */
    @Override
    public void close()
    {
        informer.close();
        workers.shutdown();
        List<String> uids = new ArrayList<>(processes.keySet());
        uids.forEach(uid -> stop(uid, 5));
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    /** The grace period of a deleted pod, in seconds. */
    private static long gracePeriod(Pod pod)
    {
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        return seconds == null ? 10 : Math.min(seconds, 30);
    }
}
