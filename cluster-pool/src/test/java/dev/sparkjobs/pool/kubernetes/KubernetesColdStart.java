package dev.sparkjobs.pool.kubernetes;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.pool.EngineRequest;
import dev.sparkjobs.pool.LaunchPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * The cold start of one {@code kubernetes} engine, phase by phase, for benchmark P5
 * ({@code bin/sparkjobs bench}): a mock API server and the test kubelet stand in for the cluster,
 * as in {@link KubernetesEnginePoolTest}, so the measured path is the real one from the provider
 * creating the driver pod, through Spark's own Kubernetes backend creating an executor pod, to the
 * first result of {@code SELECT 1}.
 *
 * <pre>java ... dev.sparkjobs.pool.kubernetes.KubernetesColdStart WORK_DIR</pre>
 *
 * Runs on this module's test classpath (the kubelet starts every pod's JVM with it). Prints
 * {@code PHASE name millis} (when each launch phase was first reached, from the launch),
 * {@code FIRST_RESULT millis}, {@code EXECUTOR_PODS n}, and exits 0; 1 if the engine did not
 * start.
 */
public final class KubernetesColdStart
{
    private static final long MIB = 1024L * 1024;
    private static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(5);
    /** Driver and one executor, each 1 core and 512 MiB heap, as in the Kubernetes pool test. */
    private static final ClusterProfile PROFILE = new ClusterProfile(1, Optional.of(512 * MIB), 1, 1, Optional.of(512 * MIB), Map.of(
            "spark.sql.shuffle.partitions", "4",
            "spark.ui.enabled", "false"));

    private KubernetesColdStart() {}

    public static void main(String[] args)
    {
        if (args.length != 1) {
            System.err.println("usage: KubernetesColdStart WORK_DIR");
            System.exit(2);
        }
        int status = 0;
        try {
            run(Path.of(args[0]));
        }
        catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(Path work)
            throws Exception
    {
        Files.createDirectories(work);
        try (BufferAllocator allocator = new RootAllocator();
                MockApiServer server = MockApiServer.start();
                KubernetesClient providerClient = server.newClient();
                TestKubelet kubelet = new TestKubelet("bench", server.newClient(), work.resolve("nodes"), "java");
                KubernetesEngineProvider provider = new KubernetesEngineProvider(KubernetesProviderConfig.defaults(
                                List.of(new KubernetesCluster("bench", providerClient, server.url(), 1, Set.of(), Map.of())), "sparkjobs/engine:bench")
                        .withEnginePort(0), allocator)) {
            Map<LaunchPhase, Long> reached = new EnumMap<>(LaunchPhase.class);
            long started = System.nanoTime();
            Engine engine = provider.launch(new EngineRequest("bench-k8s", "bench", PROFILE, LAUNCH_TIMEOUT),
                    (id, phase) -> {
                        synchronized (reached) {
                            reached.putIfAbsent(phase, System.nanoTime() - started);
                        }
                    });
            try (engine; SqlSession session = engine.sqlService().openSession("bench", Map.of());
                    PreparedSql prepared = session.prepare("SELECT 1");
                    ResultStream result = prepared.executeQuery("bench-first", allocator)) {
                for (ArrowRecordBatch batch = result.next(); batch != null; batch = result.next()) {
                    batch.close();
                }
                long firstResult = System.nanoTime() - started;
                synchronized (reached) {
                    reached.forEach((phase, nanos) -> System.out.println("PHASE " + phase + " " + nanos / 1_000_000));
                }
                System.out.println("FIRST_RESULT " + firstResult / 1_000_000);
                System.out.println("EXECUTOR_PODS " + provider.executorPods(engine.id()).size());
            }
        }
    }
}
