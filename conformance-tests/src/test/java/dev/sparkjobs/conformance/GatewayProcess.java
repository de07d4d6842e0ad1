package dev.sparkjobs.conformance;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged gateway, run as a user runs it: {@code bin/sparkjobs gateway} in a separate process,
 * on free ports, with its own data directory. Its stdout and stderr go to files next to the data
 * directory, under {@code target/gateways/}.
 *
 * <p>The gateway runs in the Asia/Kolkata time zone (UTC+05:30) while the tests run in
 * America/Los_Angeles (root pom), so that a value that silently takes either side's zone shows.
 */
final class GatewayProcess
        implements AutoCloseable
{
    static final String SERVER_TIME_ZONE = "Asia/Kolkata";
    private static final Set<Integer> DEFAULT_PORTS = Set.of(32010, 8080, 10000, 10001);
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;
    /** The heap of a test gateway ({@code SPARKJOBS_HEAP}), unless a test asks for another. */
    static final String DEFAULT_HEAP = "2g";
    private static final List<Process> RUNNING = new ArrayList<>();

    static
    {
        // Never leave a gateway behind, even when the test JVM is stopped half-way.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (RUNNING) {
                RUNNING.forEach(Process::destroyForcibly);
            }
        }, "conformance-gateway-reaper"));
    }

    /** The doors' ports: Flight SQL, HTTP, HiveServer2 binary and HiveServer2 HTTP. */
    record Ports(int flight, int http, int hs2, int hs2Http)
    {
        /** Ports the system hands out as free on loopback; never the documented defaults. */
        static Ports free()
        {
            Set<Integer> chosen = new HashSet<>();
            while (chosen.size() < 4) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    int port = socket.getLocalPort();
                    if (!DEFAULT_PORTS.contains(port)) {
                        chosen.add(port);
                    }
                }
                catch (IOException e) {
                    throw new UncheckedIOException("cannot find a free port", e);
                }
            }
            Integer[] ports = chosen.toArray(Integer[]::new);
            return new Ports(ports[0], ports[1], ports[2], ports[3]);
        }
    }

    private final Path dataDirectory;
    private final Path logDirectory;
    private final Ports ports;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private GatewayProcess(Path dataDirectory, Path logDirectory, Ports ports, Process process, Path stdout, Path stderr)
    {
        this.dataDirectory = dataDirectory;
        this.logDirectory = logDirectory;
        this.ports = ports;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The repository root, where {@code bin/sparkjobs} lives. */
    static Path home()
    {
        String home = System.getProperty("sparkjobs.home");
        if (home == null) {
            throw new IllegalStateException("system property sparkjobs.home is not set: run the tests through Maven (failsafe sets it)");
        }
        return Path.of(home).toAbsolutePath();
    }

    /** This module's build directory, where test files and gateway logs go. */
    static Path buildDirectory()
    {
        return Path.of(System.getProperty("sparkjobs.test.target", "target")).toAbsolutePath();
    }

    /** A fresh directory under {@code target/gateways} for one gateway's data and logs. */
    static Path newWorkDirectory(String name)
            throws IOException
    {
        Path parent = buildDirectory().resolve("gateways");
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, name + "-");
    }

    /**
     * Starts a gateway on {@code dataDirectory} and waits until {@code /healthz} answers 200. Logs
     * go to {@code logDirectory}. A port taken between choosing it and binding it (other gateways
     * run on this machine) is retried with new ports.
     */
    static GatewayProcess start(Path dataDirectory, Path logDirectory)
            throws IOException, InterruptedException
    {
        return start(dataDirectory, logDirectory, DEFAULT_HEAP);
    }

    /** As {@link #start(Path, Path)}, with the given JVM heap ({@code SPARKJOBS_HEAP}, such as {@code 512m}). */
    static GatewayProcess start(Path dataDirectory, Path logDirectory, String heap)
            throws IOException, InterruptedException
    {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(logDirectory, "logDirectory is null");
        requireNonNull(heap, "heap is null");
        checkPackaged();
        Files.createDirectories(logDirectory);
        for (int attempt = 1; ; attempt++) {
            GatewayProcess gateway = launch(dataDirectory, logDirectory, Ports.free(), heap, attempt);
            try {
                gateway.awaitHealthy();
                return gateway;
            }
            catch (PortTakenException e) {
                if (attempt == START_ATTEMPTS) {
                    throw new AssertionError("the gateway could not bind its ports in " + START_ATTEMPTS + " attempts; see " + gateway.stderr, e);
                }
            }
        }
    }

    private static void checkPackaged()
            throws IOException
    {
        Path target = home().resolve("gateway").resolve("target");
        boolean jar;
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            jar = files.anyMatch(file -> file.getFileName().toString().matches("sparkjobs-gateway-.*(?<!-tests)\\.jar"));
        }
        if (!jar || !Files.isDirectory(target.resolve("lib")) || !Files.isRegularFile(target.resolve("jvm.options"))) {
            // bin/sparkjobs would start a Maven build of its own here: refuse instead.
            fail("the gateway is not packaged under " + target + ": build with `mvn -B -pl conformance-tests -am verify`");
        }
    }

    private static GatewayProcess launch(Path dataDirectory, Path logDirectory, Ports ports, String heap, int attempt)
            throws IOException
    {
        Path stdout = logDirectory.resolve("gateway-" + attempt + ".stdout.log");
        Path stderr = logDirectory.resolve("gateway-" + attempt + ".stderr.log");
        List<String> command = List.of(
                home().resolve("bin").resolve("sparkjobs").toString(), "gateway",
                "--data-dir", dataDirectory.toString(),
                "--flight-port", Integer.toString(ports.flight()),
                "--http-port", Integer.toString(ports.http()),
                "--hs2-port", Integer.toString(ports.hs2()),
                "--hs2-http-port", Integer.toString(ports.hs2Http()),
                "--no-spark-ui",
                // Two cores are shared by several builds here: keep Spark's parallelism small.
                "--master", "local[2]",
                "--conf", "spark.sql.shuffle.partitions=4");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logDirectory.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("SPARKJOBS_HEAP", heap);
        environment.put("SPARKJOBS_JAVA_OPTS", "-Duser.timezone=" + SERVER_TIME_ZONE);
        Process process = builder.start();
        synchronized (RUNNING) {
            RUNNING.add(process);
        }
        return new GatewayProcess(dataDirectory, logDirectory, ports, process, stdout, stderr);
    }

    private static final class PortTakenException
            extends Exception
    {
        PortTakenException(String message)
        {
            super(message);
        }
    }

    private void awaitHealthy()
            throws InterruptedException, PortTakenException
    {
        try {
            Waits.until("GET /healthz = 200 on port " + ports.http(), STARTUP_TIMEOUT, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the gateway exited with " + process.exitValue() + " before it was healthy:\n" + tail(stderr));
                }
                return Http.get(ports.http(), "/healthz").status() == 200;
            });
        }
        catch (AssertionError e) {
            if (!process.isAlive() && tail(stderr).matches("(?s).*(cannot listen|Address already in use|BindException).*")) {
                forget();
                throw new PortTakenException(e.getMessage());
            }
            stopForcibly();
            throw e;
        }
    }

    Ports ports()
    {
        return ports;
    }

    int flightPort()
    {
        return ports.flight();
    }

    int httpPort()
    {
        return ports.http();
    }

    Path dataDirectory()
    {
        return dataDirectory;
    }

    Path logDirectory()
    {
        return logDirectory;
    }

    Path stdout()
    {
        return stdout;
    }

    Path stderr()
    {
        return stderr;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    String jdbcUrl()
    {
        return "jdbc:arrow-flight-sql://127.0.0.1:" + ports.flight() + "?useEncryption=false";
    }

    /** The HiveServer2 binary door's URL for the stock Hive JDBC driver, on database {@code default}. */
    String hiveUrl()
    {
        return "jdbc:hive2://127.0.0.1:" + ports.hs2() + "/default";
    }

    /** The project driver's URL ({@code jdbc:sparkjobs://}, Flight SQL underneath). */
    String sparkJobsUrl()
    {
        return "jdbc:sparkjobs://127.0.0.1:" + ports.flight() + "?useEncryption=false";
    }

    /** A new connection through the stock Arrow Flight SQL JDBC driver. */
    Connection connect()
            throws SQLException
    {
        return DriverManager.getConnection(jdbcUrl());
    }

    /** The Prometheus text of {@code GET /metrics}. */
    String metrics()
            throws IOException, InterruptedException
    {
        Http.Response response = Http.get(ports.http(), "/metrics");
        if (response.status() != 200) {
            throw new AssertionError("GET /metrics answered " + response.status() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * Stops the gateway as an operator would, with SIGTERM, and checks that it exits by itself
     * within a minute and releases its ports. Returns the exit code: 143 (128 + SIGTERM) when the
     * JVM ends on the signal after its shutdown hooks ran, or 0.
     */
    int stop()
            throws InterruptedException
    {
        process.destroy();
        boolean exited = process.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            stopForcibly();
            fail("the gateway (pid " + process.pid() + ") did not exit within " + SHUTDOWN_TIMEOUT + " of SIGTERM; see " + stderr);
        }
        forget();
        int exitCode = process.exitValue();
        assertTrue(exitCode == 0 || exitCode == 143, "the gateway exited with " + exitCode + " after SIGTERM; see " + stderr);
        for (int port : List.of(ports.flight(), ports.http())) {
            assertTrue(isFree(port), "port " + port + " is still taken after the gateway exited");
        }
        String log = tail(stderr, Integer.MAX_VALUE);
        assertFalse(log.contains("Exception in thread \"shutdown\""), "the gateway's shutdown hook failed; see " + stderr);
        return exitCode;
    }

    /** Kills the gateway with SIGKILL, as a crash would: no shutdown hook runs. */
    void kill()
            throws InterruptedException
    {
        stopForcibly();
    }

    private void stopForcibly()
            throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        forget();
    }

    private void forget()
    {
        synchronized (RUNNING) {
            RUNNING.remove(process);
        }
    }

    private static boolean isFree(int port)
    {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    /** The last lines of a log file, for failure messages. */
    static String tail(Path file)
    {
        return tail(file, 40);
    }

    static String tail(Path file, int count)
    {
        try {
            List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        }
        catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close()
            throws InterruptedException
    {
        if (process.isAlive()) {
            stop();
        }
    }

    @Override
    public String toString()
    {
        return "gateway pid " + process.pid() + " (Flight SQL " + ports.flight() + ", HTTP " + ports.http() + ", data " + dataDirectory + ")";
    }
}
