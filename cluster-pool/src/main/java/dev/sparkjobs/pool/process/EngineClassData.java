package dev.sparkjobs.pool.process;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data sharing archive (AppCDS) of the classes an engine loads, so that engine JVMs after
 * the first map Spark's classes instead of finding, reading and verifying them one by one in some
 * three hundred jars (half of a cold engine's CPU until it is ready, by a JFR profile).
 *
 * <p>Made once per JDK and class path (the jars' sizes and times are part of the key, so a new
 * build makes a new archive): the first engine launched without one records the classes it loads
 * ({@code -XX:DumpLoadedClassList}); once it is ready, a JVM of its own writes the archive from
 * that list in the background ({@code -Xshare:dump}, about a minute of one core), and later
 * launches start with {@code -XX:SharedArchiveFile}. The JVM checks an archive against its class
 * path and runs without it when they differ, so a stale or damaged archive costs speed, never
 * correctness. A class path with directories (a build's {@code target/classes}) cannot be
 * archived; then nothing is done.
 */
final class EngineClassData
{
    private static final Logger log = LoggerFactory.getLogger(EngineClassData.class);
    private static final List<String> QUIET = List.of("-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private final Path directory;
    private final Optional<String> key;
    private final String java;
    private final String classPath;
    private final List<String> jvmOptions;
    /** The engine recording its classes for the archive, or the state after it: "" none yet, "-" done or given up. */
    private final AtomicReference<String> recorder = new AtomicReference<>("");
    private volatile Process dumping;
    private volatile boolean closed;
    private volatile boolean deferred;

    private EngineClassData(Path directory, Optional<String> key, String java, String classPath, List<String> jvmOptions)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.key = requireNonNull(key, "key is null");
        this.java = requireNonNull(java, "java is null");
        this.classPath = requireNonNull(classPath, "classPath is null");
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** Class data for engines on this class path, run by this {@code java}; kept under {@code directory}. */
    static EngineClassData forClassPath(Path directory, String java, String classPath, List<String> jvmOptions)
    {
        return new EngineClassData(directory, key(java, classPath), java, classPath, jvmOptions);
    }

    /** No archive, ever (turned off). */
    static EngineClassData off()
    {
        return new EngineClassData(Path.of("."), Optional.empty(), "java", "", List.of());
    }

    /** The archive engines start with, once made. */
    Optional<Path> archive()
    {
        return key.map(k -> directory.resolve("engine-" + k + ".jsa")).filter(Files::isRegularFile);
    }

    /**
     * The JVM flags of the engine {@code engineId} about to start: the archive when there is one;
     * otherwise, for one engine at a time, recording its classes.
     */
    List<String> launchFlags(String engineId, Path engineDirectory)
    {
        Optional<Path> archive = archive();
        if (archive.isPresent()) {
            List<String> flags = new ArrayList<>(QUIET);
            flags.add("-XX:SharedArchiveFile=" + archive.get());
            return flags;
        }
        if (key.isPresent() && recorder.compareAndSet("", engineId)) {
            log.info("Engine {} records the classes it loads for a class-data archive (later engines start faster)", engineId);
            return List.of("-XX:DumpLoadedClassList=" + classList(engineDirectory));
        }
        return List.of();
    }

    /**
     * Keeps the recorded class list but writes no archive from it until {@link #writeRecorded()}:
     * for a short-lived launcher (a benchmark) that stops before a background dump would end.
     */
    void deferWriting()
    {
        deferred = true;
    }

    /**
     * Writes the archive, in this thread, from the class list an earlier engine recorded under the
     * directory (one that was stopped, or deferred, before its archive was written).
     *
     * @return the archive; empty when there is no recorded list for this JDK and class path, or
     *         the dump failed (its log is next to the list)
     */
    Optional<Path> writeRecorded()
    {
        if (key.isEmpty() || archive().isPresent()) {
            return archive();
        }
        Path list = directory.resolve("engine-" + key.get() + ".classlist");
        String recording = recorder.get();
        if (!Files.isRegularFile(list) || !(recording.isEmpty() || recording.equals("-"))) {
            // nothing recorded, or an engine is recording now
            return Optional.empty();
        }
        dump(list);
        return archive();
    }

    /** The engine is ready (or failed to be): if it recorded the classes, the archive is made from them in the background. */
    void launched(String engineId, Path engineDirectory, boolean ready)
    {
        if (!engineId.equals(recorder.get())) {
            return;
        }
        if (!ready) {
            recorder.set("");
            return;
        }
        try {
            Files.createDirectories(directory);
            Path list = directory.resolve("engine-" + key.orElseThrow() + ".classlist");
            // The engine appends as it loads more; the archive is made from what it loaded until ready.
            Files.copy(classList(engineDirectory), list, StandardCopyOption.REPLACE_EXISTING);
            if (deferred) {
                log.info("Classes of engine {} recorded in {}; the archive is written later", engineId, list);
                recorder.set("-");
                return;
            }
            Thread thread = new Thread(() -> dump(list), "engine-class-data");
            thread.setDaemon(true);
            thread.start();
        }
        catch (IOException | RuntimeException e) {
            log.warn("No class-data archive for engines: {}", e.toString());
            recorder.set("-");
        }
    }

    private void dump(Path list)
    {
        Path archive = directory.resolve("engine-" + key.orElseThrow() + ".jsa");
        // A name of its own: another JVM (a gateway, a benchmark run) may be writing this archive too.
        Path partial = directory.resolve(archive.getFileName() + ".partial-" + ProcessHandle.current().pid());
        Path logFile = directory.resolve("engine-" + key.orElseThrow() + ".log");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + partial,
                "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp", classPath));
        long started = System.nanoTime();
        try {
            deleteAbandoned(archive.getFileName() + ".partial-");
            Files.deleteIfExists(partial);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            dumping = process;
            if (closed) {
                process.destroyForcibly();
            }
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("gave up after 30 minutes");
            }
            if (closed) {
                return;
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(partial)) {
                throw new IOException("java -Xshare:dump exited with code " + process.exitValue() + " (log: " + logFile + ")");
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.info("Class-data archive for engines written in {} s: {} ({} MB)", (System.nanoTime() - started) / 1_000_000_000,
                    archive, Files.size(archive) >> 20);
        }
        catch (IOException | RuntimeException e) {
            log.warn("No class-data archive for engines: {}", e.getMessage());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        finally {
            recorder.set("-");
        }
    }

    /** Deletes partial archives left by JVMs that are gone (killed while they wrote one). */
    private void deleteAbandoned(String prefix)
    {
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith(prefix)).toList()) {
                String pid = file.getFileName().toString().substring(prefix.length());
                boolean alive = pid.chars().allMatch(Character::isDigit) && !pid.isEmpty()
                        && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    Files.deleteIfExists(file);
                }
            }
        }
        catch (IOException | RuntimeException e) {
            // best effort: a leftover is only disk
        }
    }

    /** Stops an archive being written (the provider closes; the next start makes it again). */
    void close()
    {
        closed = true;
        Process process = dumping;
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static Path classList(Path engineDirectory)
    {
        return engineDirectory.resolve("classes.lst");
    }

    /**
     * The archive's key: the JDK and every class path entry with its size and time; empty when
     * an entry cannot be archived (a directory, a missing file).
     */
    static Optional<String> key(String java, String classPath)
    {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((java + '\n' + System.getProperty("java.vm.version") + '\n').getBytes(StandardCharsets.UTF_8));
            for (String entry : classPath.split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path path = Path.of(entry);
                if (!Files.isRegularFile(path) || !entry.endsWith(".jar")) {
                    return Optional.empty();
                }
                digest.update((path.toAbsolutePath() + "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            return Optional.of(HexFormat.of().formatHex(digest.digest(), 0, 8));
        }
        catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
