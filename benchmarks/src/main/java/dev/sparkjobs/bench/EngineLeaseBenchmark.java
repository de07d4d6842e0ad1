package dev.sparkjobs.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * P5: how fast an engine is there. Warm: a lease from a pool whose engine is already running
 * (acquire and release, as each session and run does). Cold {@code process}: a new engine JVM
 * launched through the provider the gateway uses, each launch phase timed, to the first result
 * of {@code SELECT 1}. Both in a JVM of their own on the gateway's classpath
 * ({@link InProcessPool}). Cold {@code kubernetes}: with no cluster on this machine, a fabric8 mock
 * API server and the test kubelet of cluster-pool's tests (pods run as local JVMs) stand in for
 * one, in a JVM of its own on that module's test classpath ({@code KubernetesColdStart}); the
 * provider, Spark's Kubernetes backend and its executor pod are the real ones.
 */
final class EngineLeaseBenchmark
        implements Benchmark
{
    private static final double WARM_GOAL_MILLIS = 10;
    private static final double COLD_GOAL_SECONDS = 10;
    private static final String KUBERNETES_MAIN = "dev.sparkjobs.pool.kubernetes.KubernetesColdStart";
    private static final String EXECUTOR_PODS = "EXECUTOR_PODS ";

    private final int warmLeases;
    private final boolean reuseClassData;

    /**
     * @param reuseClassData whether the engines' class-data archive is kept between runs (under
     *        {@code benchmarks/target/bench-class-data}), so that a run after the first measures
     *        only the launch with the archive; full runs make theirs afresh and measure both
     */
    EngineLeaseBenchmark(int warmLeases, boolean reuseClassData)
    {
        this.warmLeases = warmLeases;
        this.reuseClassData = reuseClassData;
    }

    @Override
    public String id()
    {
        return "P5";
    }

    @Override
    public String what()
    {
        return "engine lease: warm, cold process, cold kubernetes (mock API server + test kubelet) per phase";
    }

    @Override
    public String comparedWith()
    {
        return "-";
    }

    @Override
    public String goal()
    {
        return "warm <= 10 ms; cold process <= 10 s";
    }

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        Path directory = context.workDirectory().resolve("engine-lease");
        Files.createDirectories(directory);
        Path log = directory.resolve("engine-lease.log");
        List<String> arguments = new ArrayList<>(List.of(directory.resolve("engines").toString(), Integer.toString(warmLeases)));
        if (reuseClassData) {
            // As an installation keeps it: the archive of an earlier --quick run on this JDK and class path is mapped, not made again.
            Path kept = context.settings().home().resolve("benchmarks").resolve("target").resolve("bench-class-data");
            Files.createDirectories(kept);
            keepNewestArchive(kept);
            arguments.add(kept.toString());
            // With no archive yet, the run does not wait half a minute for one: it is written after the figures.
            arguments.add(InProcessPool.DEFER_ARCHIVE);
        }
        List<String> command = JavaCommand.onGatewayClasspath(context.settings().home(), "1g", InProcessPool.class, arguments);
        context.log("P5: process engines from a JVM of its own (log %s)", log);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(log.toFile()).start();
        Map<String, Long> phases = new LinkedHashMap<>();
        Map<String, Long> archivedPhases = new LinkedHashMap<>();
        long firstResult = -1;
        long archivedFirstResult = -1;
        String noArchive = null;
        String reusedArchive = null;
        String deferredArchive = null;
        double[] warm = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(InProcessPool.ARCHIVED + InProcessPool.PHASE)) {
                    String[] parts = line.substring((InProcessPool.ARCHIVED + InProcessPool.PHASE).length()).trim().split(" ");
                    archivedPhases.put(parts[0], Long.parseLong(parts[1]));
                }
                else if (line.startsWith(InProcessPool.ARCHIVED + InProcessPool.FIRST_RESULT)) {
                    archivedFirstResult = Long.parseLong(line.substring((InProcessPool.ARCHIVED + InProcessPool.FIRST_RESULT).length()).trim());
                }
                else if (line.startsWith(InProcessPool.ARCHIVE_REUSED)) {
                    reusedArchive = line.substring(InProcessPool.ARCHIVE_REUSED.length()).trim();
                }
                else if (line.startsWith(InProcessPool.ARCHIVE_DEFERRED)) {
                    deferredArchive = line.substring(InProcessPool.ARCHIVE_DEFERRED.length()).trim();
                }
                else if (line.startsWith(InProcessPool.NO_ARCHIVE)) {
                    noArchive = line.substring(InProcessPool.NO_ARCHIVE.length()).trim();
                }
                else if (line.startsWith(InProcessPool.PHASE)) {
                    String[] parts = line.substring(InProcessPool.PHASE.length()).trim().split(" ");
                    phases.put(parts[0], Long.parseLong(parts[1]));
                }
                else if (line.startsWith(InProcessPool.FIRST_RESULT)) {
                    firstResult = Long.parseLong(line.substring(InProcessPool.FIRST_RESULT.length()).trim());
                }
                else if (line.startsWith(InProcessPool.WARM)) {
                    String[] values = line.substring(InProcessPool.WARM.length()).trim().split(",");
                    warm = new double[values.length];
                    for (int i = 0; i < values.length; i++) {
                        warm[i] = Long.parseLong(values[i]) / 1e6;
                    }
                }
            }
        }
        finally {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        if ((firstResult < 0 && archivedFirstResult < 0) || warm == null) {
            throw new IOException("the pool measurement reported nothing; see " + log);
        }
        if (deferredArchive != null) {
            context.afterRun("P5's engine class-data archive (for later runs) in " + deferredArchive,
                    JavaCommand.onGatewayClasspath(context.settings().home(), "512m", InProcessPool.class,
                            List.of(InProcessPool.WRITE_CLASS_DATA, deferredArchive)),
                    Path.of(deferredArchive).resolve("write-class-data.log"));
        }
        double[] sorted = Stats.sorted(warm);
        double warmP50 = Stats.quantile(sorted, 0.50);
        double warmP99 = Stats.quantile(sorted, 0.99);
        List<String> breakdown = new ArrayList<>();
        phases.forEach((phase, millis) -> breakdown.add(phase.toLowerCase(Locale.ROOT) + " at " + millis + " ms"));
        List<String> archivedBreakdown = new ArrayList<>();
        archivedPhases.forEach((phase, millis) -> archivedBreakdown.add(phase.toLowerCase(Locale.ROOT) + " at " + millis + " ms"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("warmLeases", warmLeases);
        details.put("warmP50Millis", warmP50);
        details.put("warmP99Millis", warmP99);
        details.put("coldProcessFirstResultMillis", firstResult);
        details.put("coldProcessPhasesMillis", phases);
        details.put("coldArchivedFirstResultMillis", archivedFirstResult);
        details.put("coldArchivedPhasesMillis", archivedPhases);
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "P5: warm = %d leases of a pool's running engine (acquire + release), after one that waited for it; cold process = "
                        + "a new engine JVM through ProcessEngineProvider (768 MB driver, local Spark) to the first batch of SELECT 1%s",
                        warmLeases, reusedArchive != null ? "." : "; phases reached: " + String.join(", ", breakdown) + "."));
        details.put("classDataArchiveReused", reusedArchive != null);
        details.put("classDataArchiveDeferred", deferredArchive != null);
        notes.add(reusedArchive != null
                ? String.format(Locale.ROOT, "P5: --quick keeps the engines' class-data archive between runs, as an installation does (%s): this run's engine "
                        + "mapped the one an earlier run made, %.1f s to first result; phases reached: %s. An installation's first engine (no archive yet) "
                        + "is measured by full runs and by the first --quick run after a build.", reusedArchive, archivedFirstResult / 1e3, String.join(", ", archivedBreakdown))
                : deferredArchive != null
                ? "P5: no class-data archive for this JDK and class path yet (the first --quick run after a build): this run measured an "
                        + "installation's first engine, which records its classes; the archive is written from them after the figures, in the "
                        + "background, and later --quick runs measure an engine that maps it (as a gateway's engines after its first do)."
                : archivedFirstResult >= 0
                ? String.format(Locale.ROOT, "P5: the first engine of an installation starts without a class-data archive and records its classes; the archive is "
                        + "written from them in the background (once per JDK and class path) and every later engine maps it: cold process with the archive "
                        + "%.1f s to first result; phases reached: %s. The verdict is on the engines after the first.",
                        archivedFirstResult / 1e3, String.join(", ", archivedBreakdown))
                : "P5: no cold launch with the class-data archive: " + noArchive + "; the verdict is on the first launch.");
        Kubernetes kubernetes = kubernetes(context, directory);
        details.put("coldKubernetesFirstResultMillis", kubernetes.firstResult());
        details.put("coldKubernetesPhasesMillis", kubernetes.phases());
        details.put("coldKubernetesExecutorPods", kubernetes.executorPods());
        notes.add(kubernetes.note());
        long verdictCold = archivedFirstResult >= 0 ? archivedFirstResult : firstResult;
        boolean met = warmP50 <= WARM_GOAL_MILLIS && verdictCold / 1e3 <= COLD_GOAL_SECONDS;
        String cold = reusedArchive != null
                ? String.format(Locale.ROOT, "cold process %.1f s to first result (class-data archive of an earlier run)", archivedFirstResult / 1e3)
                : archivedFirstResult >= 0
                ? String.format(Locale.ROOT, "cold process %.1f s to first result (%.1f s for an installation's first engine, before its class-data archive)",
                        archivedFirstResult / 1e3, firstResult / 1e3)
                : deferredArchive != null
                ? String.format(Locale.ROOT, "cold process %.1f s to first result (an installation's first engine: no class-data archive yet)", firstResult / 1e3)
                : String.format(Locale.ROOT, "cold process %.1f s to first result", firstResult / 1e3);
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "warm p50 %.3f ms, p99 %.3f ms; %s; %s", warmP50, warmP99, cold, kubernetes.measured()),
                comparedWith(), OptionalDouble.empty(), goal(), met ? Verdict.MET : Verdict.MISSED, notes, details);
    }

    /**
     * Deletes the files of every archive in {@code directory} but the newest: an archive is made
     * for one class path, so those of earlier builds (150 MB each) would never be used again.
     */
    private static void keepNewestArchive(Path directory)
            throws IOException
    {
        List<Path> archives;
        try (Stream<Path> files = Files.list(directory)) {
            archives = files.filter(file -> file.getFileName().toString().endsWith(".jsa"))
                    .sorted(Comparator.comparing((Path file) -> file.toFile().lastModified()).reversed())
                    .toList();
        }
        if (archives.isEmpty()) {
            return;
        }
        String newest = archives.get(0).getFileName().toString().replaceFirst("\\.jsa$", "");
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(file -> !file.getFileName().toString().startsWith(newest)).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** What the cold {@code kubernetes} launch reported: each phase's start (ms from the launch), first result, executor pods. */
    private record Kubernetes(Map<String, Long> phases, long firstResult, int executorPods, String measured, String note) {}

    private static Kubernetes kubernetes(BenchContext context, Path directory)
            throws IOException, InterruptedException
    {
        Path log = directory.resolve("kubernetes.log");
        List<String> command = JavaCommand.onClusterPoolTestClasspath(context.settings().home(), "1g", KUBERNETES_MAIN,
                List.of(directory.resolve("kubernetes").toString()));
        context.log("P5: a kubernetes engine on a mock API server and the test kubelet, from a JVM of its own (log %s)", log);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(log.toFile()).start();
        Map<String, Long> phases = new LinkedHashMap<>();
        long firstResult = -1;
        int executorPods = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(InProcessPool.PHASE)) {
                    String[] parts = line.substring(InProcessPool.PHASE.length()).trim().split(" ");
                    phases.put(parts[0], Long.parseLong(parts[1]));
                }
                else if (line.startsWith(InProcessPool.FIRST_RESULT)) {
                    firstResult = Long.parseLong(line.substring(InProcessPool.FIRST_RESULT.length()).trim());
                }
                else if (line.startsWith(EXECUTOR_PODS)) {
                    executorPods = Integer.parseInt(line.substring(EXECUTOR_PODS.length()).trim());
                }
            }
        }
        finally {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        if (firstResult < 0) {
            // The whole figure fails, as when the process engines report nothing: the run's exit code is 1 and the log is kept.
            throw new IOException("the kubernetes engine on the mock API server reported no first result (exit "
                    + (process.isAlive() ? "none" : process.exitValue()) + "); see " + log);
        }
        // Each phase lasts from its start to the next phase's start; the last reached one lasts to the first result.
        List<String> spans = new ArrayList<>();
        List<Map.Entry<String, Long>> reached = new ArrayList<>(phases.entrySet());
        for (int i = 0; i < reached.size(); i++) {
            long end = i + 1 < reached.size() ? reached.get(i + 1).getValue() : firstResult;
            spans.add(String.format(Locale.ROOT, "%s%s %.1f s", reached.get(i).getKey().toLowerCase(Locale.ROOT).replace('_', ' '),
                    i + 1 < reached.size() ? "" : " to first result", (end - reached.get(i).getValue()) / 1e3));
        }
        return new Kubernetes(phases, firstResult, executorPods,
                String.format(Locale.ROOT, "cold kubernetes %.1f s (%s)", firstResult / 1e3, String.join(", ", spans)),
                String.format(Locale.ROOT, "P5: cold kubernetes = a driver pod created through KubernetesEngineProvider on a fabric8 mock API server, "
                        + "run as a local JVM by the test kubelet, Spark's own Kubernetes backend creating %d executor pod(s) (1 core, 512 MiB each; "
                        + "the engine is ready once they registered), to the first batch of SELECT 1. On a real cluster add the image pull and "
                        + "the scheduler's node choice; the JVM start, Spark and executor registration are the same work. No goal in issue 8.",
                        executorPods));
    }
}
