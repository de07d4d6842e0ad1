package dev.sparkjobs.bench;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.pool.EngineLease;
import dev.sparkjobs.pool.EnginePool;
import dev.sparkjobs.pool.EngineRequest;
import dev.sparkjobs.pool.LaunchPhase;
import dev.sparkjobs.pool.PoolConfig;
import dev.sparkjobs.pool.Requester;
import dev.sparkjobs.pool.ShareLevel;
import dev.sparkjobs.pool.process.ProcessEngineProvider;
import dev.sparkjobs.pool.process.ProcessProviderConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * P5's measurements, in a JVM of their own on the gateway's classpath (the pool and the process
 * provider the gateway uses with {@code engine.provider: process}):
 *
 * <pre>java ... dev.sparkjobs.bench.InProcessPool WORK_DIR WARM_LEASES [CLASS_DATA_DIR [--defer-archive]]
 * java ... dev.sparkjobs.bench.InProcessPool --write-class-data CLASS_DATA_DIR</pre>
 *
 * A cold {@code process} engine is launched through the provider, each launch phase timed, and
 * {@code SELECT 1} run on it (cold start to first result); then a pool with one warm engine is
 * leased from {@code WARM_LEASES} times (acquire and release); then, once the class-data archive
 * the first engine's classes made is written, a second cold engine is launched with it. Prints
 * {@code PHASE name millis}, {@code FIRST_RESULT millis}, {@code WARM nanos,nanos,...}, the
 * second launch's lines prefixed {@code ARCHIVED_} (or {@code NO_ARCHIVE reason}), and exits.
 * With {@code CLASS_DATA_DIR} (a directory kept between runs) holding the archive for this JDK and
 * class path already, the first engine maps it: only the launch with the archive is measured, its
 * lines prefixed {@code ARCHIVED_}, after {@code ARCHIVE_REUSED path}. With {@code --defer-archive}
 * and no archive yet, only the first engine and the warm leases are measured; its classes are kept
 * ({@code ARCHIVE_DEFERRED dir}) and {@code --write-class-data} writes the archive from them later,
 * in the background after the run, instead of the run waiting half a minute for it.
 */
public final class InProcessPool
{
    static final String PHASE = "PHASE ";
    static final String FIRST_RESULT = "FIRST_RESULT ";
    static final String WARM = "WARM ";
    /** Prefix of the lines of the second cold launch, with the class-data archive the first one made. */
    static final String ARCHIVED = "ARCHIVED_";
    static final String NO_ARCHIVE = "NO_ARCHIVE ";
    static final String ARCHIVE_REUSED = "ARCHIVE_REUSED ";
    /** Printed (with the class-data directory) when the first engine's classes were kept for an archive written after the run. */
    static final String ARCHIVE_DEFERRED = "ARCHIVE_DEFERRED ";
    static final String DEFER_ARCHIVE = "--defer-archive";
    static final String WRITE_CLASS_DATA = "--write-class-data";

    private static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ARCHIVE_WAIT = Duration.ofMinutes(6);
    private static final ClusterProfile PROFILE = ClusterProfile.LOCAL
            .withDriverMemory(768L * 1024 * 1024)
            .withSparkConf(Map.of("spark.sql.shuffle.partitions", "4", "spark.ui.enabled", "false"));

    private InProcessPool() {}

    public static void main(String[] args)
    {
        if (args.length == 2 && args[0].equals(WRITE_CLASS_DATA)) {
            System.exit(writeClassData(Path.of(args[1])));
        }
        boolean defer = args.length == 4 && args[3].equals(DEFER_ARCHIVE);
        if (args.length != 2 && args.length != 3 && !defer) {
            System.err.println("usage: InProcessPool WORK_DIR WARM_LEASES [CLASS_DATA_DIR [" + DEFER_ARCHIVE + "]]\n"
                    + "       InProcessPool " + WRITE_CLASS_DATA + " CLASS_DATA_DIR");
            System.exit(2);
        }
        ProcessProviderConfig config = ProcessProviderConfig.defaults(Path.of(args[0]));
        if (args.length >= 3) {
            config = withClassData(config, Path.of(args[2]));
        }
        int status = 0;
        try (BufferAllocator allocator = new RootAllocator();
                ProcessEngineProvider provider = new ProcessEngineProvider(config, allocator)) {
            Optional<Path> reused = provider.classDataArchive();
            if (reused.isPresent()) {
                System.out.println(ARCHIVE_REUSED + reused.get());
                cold(provider, allocator, "bench-cold-archived", ARCHIVED);
                warm(provider, Integer.parseInt(args[1]));
            }
            else if (defer) {
                // An installation's first engine; its classes are kept for an archive written after the run.
                provider.deferClassDataArchive();
                cold(provider, allocator, "bench-cold", "");
                warm(provider, Integer.parseInt(args[1]));
                System.out.println(ARCHIVE_DEFERRED + config.classData().orElseThrow());
            }
            else {
                coldThenArchived(provider, allocator, Integer.parseInt(args[1]), config.classData().orElseThrow());
            }
        }
        catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static ProcessProviderConfig withClassData(ProcessProviderConfig config, Path classData)
    {
        return new ProcessProviderConfig(config.workDirectory(), config.host(), config.extraJvmOptions(), config.stopTimeout(), Optional.of(classData));
    }

    /** Writes the engines' archive from the classes a deferred run recorded under {@code classData}; the exit code says whether there is one now. */
    private static int writeClassData(Path classData)
    {
        ProcessProviderConfig config = withClassData(ProcessProviderConfig.defaults(classData.resolve("engines")), classData);
        try (BufferAllocator allocator = new RootAllocator();
                ProcessEngineProvider provider = new ProcessEngineProvider(config, allocator)) {
            Optional<Path> archive = provider.writeClassDataArchive();
            System.out.println(archive.map(path -> "archive " + path).orElse("no archive written (see the logs under " + classData + ")"));
            return archive.isPresent() ? 0 : 1;
        }
        catch (Exception e) {
            e.printStackTrace();
            return 1;
        }
    }

    /** An installation's first engine, without an archive; warm leases; then, once its classes made the archive, a second cold engine with it. */
    private static void coldThenArchived(ProcessEngineProvider provider, BufferAllocator allocator, int warmLeases, Path classData)
            throws Exception
    {
        cold(provider, allocator, "bench-cold", "");
        warm(provider, warmLeases);
        // The first engine recorded its classes; the archive is written in the background.
        long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
        while (provider.classDataArchive().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (provider.classDataArchive().isPresent()) {
            cold(provider, allocator, "bench-cold-archived", ARCHIVED);
        }
        else {
            System.out.println(NO_ARCHIVE + "no class-data archive within " + ARCHIVE_WAIT + " (see " + classData + ")");
        }
    }

    private static void cold(ProcessEngineProvider provider, BufferAllocator allocator, String engineId, String prefix)
            throws Exception
    {
        Map<LaunchPhase, Long> reached = new EnumMap<>(LaunchPhase.class);
        long started = System.nanoTime();
        Engine engine = provider.launch(new EngineRequest(engineId, "bench", PROFILE, LAUNCH_TIMEOUT),
                (id, phase) -> reached.putIfAbsent(phase, System.nanoTime() - started));
        try (engine; SqlSession session = engine.sqlService().openSession("bench", Map.of());
                PreparedSql prepared = session.prepare("SELECT 1");
                ResultStream result = prepared.executeQuery("bench-first", allocator)) {
            for (ArrowRecordBatch batch = result.next(); batch != null; batch = result.next()) {
                batch.close();
            }
            long firstResult = System.nanoTime() - started;
            reached.forEach((phase, nanos) -> System.out.println(prefix + PHASE + phase + " " + nanos / 1_000_000));
            System.out.println(prefix + FIRST_RESULT + firstResult / 1_000_000);
        }
    }

    private static void warm(ProcessEngineProvider provider, int leases)
            throws Exception
    {
        PoolConfig config = PoolConfig.defaults("bench-warm", ShareLevel.SERVER).withProfile(PROFILE).withEngines(1, 1, 1)
                .withTimeouts(Duration.ofMinutes(10), LAUNCH_TIMEOUT, Duration.ofMillis(200));
        Requester requester = new Requester("bench", "bench", "c1");
        try (EnginePool pool = new EnginePool(config, provider, Clock.systemUTC()).start()) {
            // The first lease waits for the warm engine to be ready; the measured ones find it warm.
            try (EngineLease first = pool.acquire(requester)) {
                first.engine();
            }
            long[] nanos = new long[leases];
            for (int i = 0; i < leases; i++) {
                long started = System.nanoTime();
                try (EngineLease lease = pool.acquire(requester)) {
                    lease.engine();
                }
                nanos[i] = System.nanoTime() - started;
            }
            System.out.println(WARM + String.join(",", Arrays.stream(nanos).mapToObj(Long::toString).toList()));
        }
    }
}
