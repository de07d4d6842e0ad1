package dev.sparkjobs.pool.kubernetes;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.pool.EngineProvider;
import dev.sparkjobs.pool.EngineRequest;
import dev.sparkjobs.pool.LaunchPhase;
import dev.sparkjobs.pool.remote.EngineStatus;
import dev.sparkjobs.pool.remote.PodStatus;
import dev.sparkjobs.pool.remote.RemoteEngine;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engines as driver pods: the engine main in the engine image, Spark in client mode on
 * {@code k8s://} so that Spark's own backend creates the executors as pods owned by the driver
 * pod (deleting it deletes them all). Engines go to the cluster with the most room among those
 * that take the tenant and the profile's label demands and answer; one whose API server does not
 * answer is skipped. The engine reports its phases in its pod's annotations ({@link PodStatus}).
 */
public final class KubernetesEngineProvider
        implements EngineProvider
{
    public static final String NAME = "kubernetes";
    private static final Logger log = LoggerFactory.getLogger(KubernetesEngineProvider.class);
    private static final String STARTUP_TIMEOUT_SETTING = "engine.start.timeout";
    private static final long POLL_MILLIS = 100;

    private final KubernetesProviderConfig config;
    private final BufferAllocator allocator;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Placed> engines = new ConcurrentHashMap<>();
    private final boolean ownsClients;

    /** Where an engine's driver pod is. */
    private record Placed(KubernetesCluster cluster, String namespace, String pod) {}

    public KubernetesEngineProvider(KubernetesProviderConfig config, BufferAllocator allocator)
    {
        this(config, allocator, false);
    }

    private KubernetesEngineProvider(KubernetesProviderConfig config, BufferAllocator allocator, boolean ownsClients)
    {
        this.config = requireNonNull(config, "config is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.ownsClients = ownsClients;
    }

    /** A provider that closes its clusters' clients when it closes (the gateway's: it made them from its kubeconfig). */
    public static KubernetesEngineProvider owningClients(KubernetesProviderConfig config, BufferAllocator allocator)
    {
        return new KubernetesEngineProvider(config, allocator, true);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public Engine launch(EngineRequest request, LaunchListener listener)
            throws SqlServiceException
    {
        String id = request.engineId();
        long deadline = System.nanoTime() + request.launchTimeout().toNanos();
        KubernetesCluster cluster = place(request);
        String namespace = config.namespaceOf(request.tenant());
        Placed placed = new Placed(cluster, namespace, DriverPods.podName(id));
        engines.put(id, placed);
        String secret = newSecret();
        try {
            KubernetesClient client = cluster.client();
            ensureNamespace(client, namespace);
            client.secrets().inNamespace(namespace)
                    .resource(DriverPods.secret(request, namespace, secret, DriverPods.labels(config, cluster, request))).create();
            Pod pod = client.pods().inNamespace(namespace).resource(DriverPods.driverPod(config, cluster, request, namespace)).create();
            listener.phase(id, LaunchPhase.POD_PENDING);
            // The secret goes with the pod.
            OwnerReference owner = ownerReference(pod);
            client.secrets().inNamespace(namespace).withName(DriverPods.secretName(id))
                    .edit(s -> { s.getMetadata().setOwnerReferences(List.of(owner)); return s; });

            Ready ready = awaitReady(request, placed, listener, deadline);
            PodRuntime runtime = new PodRuntime(id, placed);
            RemoteEngine engine = RemoteEngine.connect(id, NAME, ready.host(), ready.status(), secret,
                    allocator.newChildAllocator("engine-" + id, 0, Long.MAX_VALUE), runtime);
            runtime.watch(engine);
            listener.phase(id, LaunchPhase.READY);
            log.info("Engine {} ready on cluster {} (pod {}/{}, Flight {})", id, cluster.name(), namespace, placed.pod(), engine.flightEndpoint().orElse(""));
            return engine;
        }
        catch (SqlServiceException | RuntimeException e) {
            listener.phase(id, LaunchPhase.FAILED);
            kill(id);
            if (e instanceof KubernetesClientException) {
                throw new SqlServiceException("08001", 0, "cannot start engine " + id + " on cluster " + cluster.name() + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The cluster with the most room that takes this request and answers. */
    KubernetesCluster place(EngineRequest request)
            throws SqlServiceException
    {
        Map<String, String> demands = DriverPods.clusterDemands(request.profile());
        List<String> refusals = new ArrayList<>();
        KubernetesCluster best = null;
        int bestRoom = 0;
        for (KubernetesCluster cluster : config.clusters()) {
            Optional<String> refusal = cluster.refusal(request.tenant(), demands);
            if (refusal.isPresent()) {
                refusals.add(cluster.name() + ": " + refusal.get());
                continue;
            }
            int running;
            try {
                running = driverPods(cluster).size();
            }
            catch (KubernetesClientException e) {
                log.warn("Cluster {} does not answer: placing engine {} elsewhere ({})", cluster.name(), request.engineId(), e.getMessage());
                refusals.add(cluster.name() + ": API server unreachable (" + e.getMessage() + ")");
                continue;
            }
            int room = cluster.maxEngines() - running;
            if (room <= 0) {
                refusals.add(cluster.name() + ": full (" + running + " of " + cluster.maxEngines() + " engines)");
            }
            else if (room > bestRoom) {
                best = cluster;
                bestRoom = room;
            }
        }
        if (best == null) {
            throw new SqlServiceException("08001", "no Kubernetes cluster can take engine " + request.engineId() + ": " + String.join("; ", refusals));
        }
        return best;
    }

    private static List<Pod> driverPods(KubernetesCluster cluster)
    {
        return cluster.client().pods().inAnyNamespace()
                .withLabel(DriverPods.MANAGED_BY, DriverPods.MANAGER)
                .withLabel(DriverPods.ROLE, DriverPods.DRIVER)
                .withLabel(DriverPods.CLUSTER, cluster.name())
                .list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private static void ensureNamespace(KubernetesClient client, String namespace)
    {
        if (client.namespaces().withName(namespace).get() != null) {
            return;
        }
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .addToLabels(DriverPods.MANAGED_BY, DriverPods.MANAGER).endMetadata().build()).create();
        }
        catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static OwnerReference ownerReference(Pod pod)
    {
        return new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).withController(true).build();
    }

    private record Ready(String host, EngineStatus status) {}

    private Ready awaitReady(EngineRequest request, Placed placed, LaunchListener listener, long deadline)
            throws SqlServiceException
    {
        String id = request.engineId();
        KubernetesClient client = placed.cluster().client();
        Set<LaunchPhase> reported = new HashSet<>();
        while (true) {
            Pod pod = client.pods().inNamespace(placed.namespace()).withName(placed.pod()).get();
            if (pod == null) {
                throw new SqlServiceException("08001", "the driver pod " + placed.namespace() + "/" + placed.pod() + " of engine " + id + " was deleted while starting");
            }
            String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
            Optional<EngineStatus> status = PodStatus.read(pod);
            if (status.isPresent() && status.get().phase().equals(EngineStatus.FAILED)) {
                throw new SqlServiceException("08001", "engine " + id + " failed to start: " + status.get().value("error").orElse("no reason given")
                        + " (kubectl logs -n " + placed.namespace() + " " + placed.pod() + ")");
            }
            if (phase.equals("Failed") || phase.equals("Succeeded")) {
                throw new SqlServiceException("08001", "the driver pod of engine " + id + " ended (" + phase + ") while starting"
                        + " (kubectl logs -n " + placed.namespace() + " " + placed.pod() + ")");
            }
            if (phase.equals("Pending") && imagePulling(pod)) {
                report(listener, reported, id, LaunchPhase.IMAGE_PULLING);
            }
            if (phase.equals("Running")) {
                report(listener, reported, id, LaunchPhase.DRIVER_STARTING);
            }
            if (status.isPresent() && !status.get().phase().equals(EngineStatus.READY)) {
                report(listener, reported, id, LaunchPhase.SPARK_STARTING);
                if (!reported.contains(LaunchPhase.EXECUTORS_REGISTERING) && !executorPods(placed, id).isEmpty()) {
                    report(listener, reported, id, LaunchPhase.EXECUTORS_REGISTERING);
                }
            }
            if (status.isPresent() && status.get().phase().equals(EngineStatus.READY)) {
                Optional<String> host = DriverPods.podIp(pod);
                if (host.isEmpty()) {
                    throw new SqlServiceException("08001", "the driver pod of engine " + id + " reported ready without an IP address");
                }
                return new Ready(host.get(), status.get());
            }
            if (System.nanoTime() > deadline) {
                throw new SqlServiceException("08001", "engine " + id + " was not ready within " + request.launchTimeout() + " (pod " + phase
                        + "): raise '" + STARTUP_TIMEOUT_SETTING + "' of pool " + request.pool() + " if the cluster is slow to schedule or pull"
                        + " (kubectl describe pod -n " + placed.namespace() + " " + placed.pod() + ")");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlServiceException("08001", 0, "interrupted while engine " + id + " was starting", e);
            }
        }
    }

    private static void report(LaunchListener listener, Set<LaunchPhase> reported, String id, LaunchPhase phase)
    {
        if (reported.add(phase)) {
            listener.phase(id, phase);
        }
    }

    private static boolean imagePulling(Pod pod)
    {
        return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null && pod.getStatus().getContainerStatuses().stream()
                .anyMatch(status -> status.getState() != null && status.getState().getWaiting() != null
                        && String.valueOf(status.getState().getWaiting().getReason()).contains("Pull"));
    }

    /** The executor pods Spark created for an engine. */
    public List<Pod> executorPods(String engineId)
    {
        Placed placed = engines.get(engineId);
        return placed == null ? List.of() : executorPods(placed, engineId);
    }

    private static List<Pod> executorPods(Placed placed, String engineId)
    {
        return placed.cluster().client().pods().inNamespace(placed.namespace())
                .withLabel(DriverPods.ENGINE, engineId)
                .withLabel(DriverPods.SPARK_ROLE, DriverPods.EXECUTOR)
                .list().getItems();
    }

    /** The cluster an engine was placed on, by name. */
    @Override
    public Optional<String> clusterOf(String engineId)
    {
        return Optional.ofNullable(engines.get(engineId)).map(placed -> placed.cluster().name());
    }

    /** The driver pod of an engine, as {@code namespace/name}. */
    @Override
    public Optional<String> podOf(String engineId)
    {
        return Optional.ofNullable(engines.get(engineId)).map(placed -> placed.namespace() + "/" + placed.pod());
    }

    /** The clusters engines may go to, by name, in order. */
    public List<String> clusterNames()
    {
        return config.clusters().stream().map(KubernetesCluster::name).toList();
    }

    @Override
    public Set<String> running()
    {
        Set<String> running = new HashSet<>();
        for (KubernetesCluster cluster : config.clusters()) {
            try {
                driverPods(cluster).forEach(pod -> running.add(pod.getMetadata().getLabels().get(DriverPods.ENGINE)));
            }
            catch (KubernetesClientException e) {
                log.debug("Cluster {} does not answer: its engines are not listed", cluster.name(), e);
            }
        }
        return Set.copyOf(running);
    }

    @Override
    public void kill(String engineId)
    {
        Placed placed = engines.remove(engineId);
        List<Placed> targets = new ArrayList<>();
        if (placed != null) {
            targets.add(placed);
        }
        else {
            for (KubernetesCluster cluster : config.clusters()) {
                try {
                    cluster.client().pods().inAnyNamespace().withLabel(DriverPods.ENGINE, engineId).withLabel(DriverPods.ROLE, DriverPods.DRIVER)
                            .list().getItems().forEach(pod -> targets.add(new Placed(cluster, pod.getMetadata().getNamespace(), pod.getMetadata().getName())));
                }
                catch (KubernetesClientException e) {
                    log.debug("Cluster {} does not answer", cluster.name(), e);
                }
            }
        }
        targets.forEach(target -> delete(engineId, target));
    }

    /** Deletes the driver pod (its executor pods and its secret are owned by it) and the secret, in case no garbage collector runs. */
    private void delete(String engineId, Placed placed)
    {
        try {
            KubernetesClient client = placed.cluster().client();
            client.pods().inNamespace(placed.namespace()).withName(placed.pod()).withGracePeriod(config.stopTimeout().toSeconds()).delete();
            client.secrets().inNamespace(placed.namespace()).withName(DriverPods.secretName(engineId)).delete();
        }
        catch (KubernetesClientException e) {
            log.warn("Cannot delete the driver pod {}/{} of engine {} on cluster {}: {}", placed.namespace(), placed.pod(), engineId,
                    placed.cluster().name(), e.getMessage());
        }
    }

    @Override
    public void close()
    {
        List.copyOf(engines.keySet()).forEach(this::kill);
        if (ownsClients) {
            for (KubernetesCluster cluster : config.clusters()) {
                try {
                    cluster.client().close();
                }
                catch (RuntimeException e) {
                    log.warn("The client of cluster {} did not close cleanly", cluster.name(), e);
                }
            }
        }
    }

    private String newSecret()
    {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A driver pod as an engine runtime: alive while the pod runs; a watch tells the engine when it goes. */
    private final class PodRuntime
            implements RemoteEngine.Runtime
    {
        private final String id;
        private final Placed placed;
        private volatile boolean gone;
        private volatile Watch watch;

        PodRuntime(String id, Placed placed)
        {
            this.id = id;
            this.placed = placed;
        }

        void watch(RemoteEngine engine)
        {
            watch = placed.cluster().client().pods().inNamespace(placed.namespace()).withName(placed.pod()).watch(new Watcher<>()
            {
                @Override
                public void eventReceived(Action action, Pod pod)
                {
                    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                    if (action == Action.DELETED || "Failed".equals(phase) || "Succeeded".equals(phase)) {
                        gone = true;
                        engine.died("engine " + id + " (pod " + placed.namespace() + "/" + placed.pod() + " on cluster " + placed.cluster().name()
                                + ") " + (action == Action.DELETED ? "was deleted" : "ended: " + phase));
                    }
                }

                @Override
                public void onClose(WatcherException cause)
                {
                    log.debug("The watch of engine {} closed", id, cause);
                }
            });
        }

        @Override
        public boolean alive()
        {
            return !gone;
        }

        @Override
        public void stop()
        {
            gone = true;
            Watch current = watch;
            if (current != null) {
                current.close();
            }
            engines.remove(id, placed);
            delete(id, placed);
        }
    }

}
