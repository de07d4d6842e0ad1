package dev.sparkjobs.pool.process;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.pool.EngineProvider;
import dev.sparkjobs.pool.EngineRequest;
import dev.sparkjobs.pool.LaunchPhase;
import dev.sparkjobs.pool.remote.EngineMain;
import dev.sparkjobs.pool.remote.EngineStatus;
import dev.sparkjobs.pool.remote.RemoteEngine;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engines as child JVMs of the gateway: the {@link EngineMain} on the gateway's own classpath
 * with the project's JVM flags, a local Spark sized by the cluster profile, its own data and
 * scratch directories and log file, and a fresh secret (in its environment) that only the
 * gateway holds. A child watches the gateway and stops when it ends.
 */
public final class ProcessEngineProvider
        implements EngineProvider
{
    public static final String NAME = "process";
    private static final Logger log = LoggerFactory.getLogger(ProcessEngineProvider.class);
    private static final String STARTUP_TIMEOUT_SETTING = "engine.start.timeout";
    private static final String CATALOG_IMPLEMENTATION = "spark.sql.catalogImplementation";

    private final ProcessProviderConfig config;
    private final BufferAllocator allocator;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final EngineClassData classData;

    /**
     * @param allocator results from engines arrive in children of it; pass the gateway's, so that
     *        batches reach its doors without a copy
     */
    public ProcessEngineProvider(ProcessProviderConfig config, BufferAllocator allocator)
    {
        this.config = requireNonNull(config, "config is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.classData = config.classData()
                .map(directory -> EngineClassData.forClassPath(directory, java(), System.getProperty("java.class.path"), JvmOptions.opens()))
                .orElseGet(EngineClassData::off);
    }

    /** The class-data archive engines start with, once the first engine's classes made one. */
    public Optional<Path> classDataArchive()
    {
        return classData.archive();
    }

    /**
     * Records the first engine's classes as usual but leaves writing the archive (about half a
     * minute of one core) to {@link #writeClassDataArchive()}, for a launcher that stops soon and
     * would otherwise lose the work.
     */
    public void deferClassDataArchive()
    {
        classData.deferWriting();
    }

    /**
     * Writes the engines' class-data archive, in this thread, from the classes an engine recorded
     * earlier under the class-data directory, for this JDK and class path.
     *
     * @return the archive; empty when there is nothing recorded or the dump failed
     */
    public Optional<Path> writeClassDataArchive()
    {
        return classData.writeRecorded();
    }

    private static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
        Path directory = config.workDirectory().resolve(id).toAbsolutePath();
        Path statusFile = directory.resolve("engine.status");
        Path logFile = directory.resolve("engine.log");
        String secret = newSecret();
        Process process;
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(statusFile);
            ProcessBuilder builder = new ProcessBuilder(command(request, directory, statusFile, ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().put(EngineMain.SECRET_ENV, secret);
            listener.phase(id, LaunchPhase.STARTING_JVM);
            process = builder.start();
        }
        catch (IOException e) {
            throw new SqlServiceException("08001", 0, "cannot start the engine process " + id + ": " + e.getMessage(), e);
        }
        processes.put(id, process);
        try {
            EngineStatus ready;
            try {
                ready = awaitReady(request, process, statusFile, logFile, listener);
            }
            finally {
                classData.launched(id, directory, process.isAlive() && EngineStatus.read(statusFile).map(s -> EngineStatus.READY.equals(s.phase())).orElse(false));
            }
            RemoteEngine engine = RemoteEngine.connect(id, NAME, config.host(), ready, secret,
                    allocator.newChildAllocator("engine-" + id, 0, Long.MAX_VALUE), new ProcessRuntime(id, process));
            process.onExit().thenRun(() -> engine.died("engine " + id + " (process " + process.pid() + ") exited with code " + process.exitValue()
                    + ": see " + logFile));
            listener.phase(id, LaunchPhase.READY);
            return engine;
        }
        catch (SqlServiceException | RuntimeException e) {
            listener.phase(id, LaunchPhase.FAILED);
            stop(id, process);
            throw e;
        }
    }

    /** The engine's command line; it stops when the process {@code parentPid} ends. */
    List<String> command(EngineRequest request, Path directory, Path statusFile, long parentPid)
            throws IOException
    {
        Path conf = directory.resolve("spark.properties");
        Properties properties = new Properties();
        // A process engine's catalog is its own and goes with it, so the Hive metastore (an
        // embedded Derby that takes most of Spark's start) buys nothing: in-memory unless the
        // profile asks otherwise (a shared metastore service, later).
        properties.setProperty(CATALOG_IMPLEMENTATION, "in-memory");
        properties.putAll(request.profile().sparkConf());
        try (Writer writer = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
            properties.store(writer, "Spark settings of engine " + request.engineId());
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(JvmOptions.opens());
        request.profile().driverMemoryBytes().ifPresent(bytes -> command.add("-Xmx" + Math.max(1, bytes / (1024 * 1024)) + "m"));
        command.addAll(classData.launchFlags(request.engineId(), directory));
        command.addAll(config.extraJvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EngineMain.class.getName());
        command.addAll(List.of(
                "--engine-id", request.engineId(),
                "--data-dir", directory.resolve("data").toString(),
                "--status-file", statusFile.toString(),
                "--parent-pid", Long.toString(parentPid),
                "--master", "local[" + request.profile().driverCores() + "]",
                "--host", config.host(),
                "--conf-file", conf.toString()));
        return command;
    }

    private static EngineStatus awaitReady(EngineRequest request, Process process, Path statusFile, Path logFile, LaunchListener listener)
            throws SqlServiceException
    {
        long deadline = System.nanoTime() + request.launchTimeout().toNanos();
        boolean sparkStarting = false;
        while (true) {
            Optional<EngineStatus> status = EngineStatus.read(statusFile);
            if (status.isPresent()) {
                switch (status.get().phase()) {
                    case EngineStatus.READY -> {
                        return status.get();
                    }
                    case EngineStatus.FAILED -> throw new SqlServiceException("08001", "engine " + request.engineId() + " failed to start: "
                            + status.get().value("error").orElse("no reason given") + " (log: " + logFile + ")");
                    case EngineStatus.SPARK_STARTING -> {
                        if (!sparkStarting) {
                            sparkStarting = true;
                            listener.phase(request.engineId(), LaunchPhase.SPARK_STARTING);
                        }
                    }
                    default -> { }
                }
            }
            if (!process.isAlive()) {
                throw new SqlServiceException("08001", "engine " + request.engineId() + " exited with code " + process.exitValue()
                        + " while starting (log: " + logFile + ")");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SqlServiceException("08001", "engine " + request.engineId() + " was not ready within " + request.launchTimeout()
                        + ": raise '" + STARTUP_TIMEOUT_SETTING + "' of pool " + request.pool() + " if the machine is slow (log: " + logFile + ")");
            }
            try {
                // Returns at once if the process dies; otherwise looks at the status file again.
                process.waitFor(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 25), TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlServiceException("08001", 0, "interrupted while engine " + request.engineId() + " was starting", e);
            }
        }
    }

    @Override
    public Set<String> running()
    {
        return processes.entrySet().stream()
                .filter(entry -> entry.getValue().isAlive())
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void kill(String engineId)
    {
        Process process = processes.get(engineId);
        if (process != null) {
            stop(engineId, process);
        }
    }

    private void stop(String id, Process process)
    {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("Engine {} did not stop within {}: killing it", id, config.stopTimeout());
                    process.destroyForcibly();
                    process.waitFor(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        processes.remove(id, process);
    }

    @Override
    public void close()
    {
        classData.close();
        processes.forEach(this::stop);
    }

    private String newSecret()
    {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A child process as an engine runtime. */
    private final class ProcessRuntime
            implements RemoteEngine.Runtime
    {
        private final String id;
        private final Process process;

        ProcessRuntime(String id, Process process)
        {
            this.id = id;
            this.process = process;
        }

        @Override
        public boolean alive()
        {
            return process.isAlive();
        }

        @Override
        public void stop()
        {
            ProcessEngineProvider.this.stop(id, process);
        }
    }

}
