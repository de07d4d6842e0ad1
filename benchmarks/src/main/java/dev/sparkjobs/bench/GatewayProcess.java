package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged gateway, started as a user starts it ({@code bin/sparkjobs gateway}) in a process of
 * its own, on free loopback ports and a fresh data directory; ready once {@code /healthz} answers
 * 200. Its output goes to a log file next to the data. {@code SPARKJOBS_JAVA_OPTS} and
 * {@code SPARKJOBS_HEAP} in the environment reach it, so it can be profiled with JFR.
 */
final class GatewayProcess
        implements AutoCloseable
{
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    // A gateway recording its classes writes its class-data archive as it exits: seconds, on a busy machine tens of them.
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    /** What the launcher says when it starts a gateway that records its classes for the class-data archive. */
    private static final String RECORDING = "sparkjobs: recording the gateway's classes";
    /** The gateway's last line of its own shutdown; after it the JVM runs Spark's hooks and exits. */
    private static final String STOPPED = "Gateway stopped";

    private final Process process;
    private final int flightPort;
    private final int httpPort;
    private final int hs2Port;
    private final Path log;
    private final Thread stopOnExit;

    private GatewayProcess(Process process, int flightPort, int httpPort, int hs2Port, Path log)
    {
        this.hs2Port = hs2Port;
        this.process = requireNonNull(process, "process is null");
        this.flightPort = flightPort;
        this.httpPort = httpPort;
        this.log = requireNonNull(log, "log is null");
        this.stopOnExit = new Thread(this::stop, "stop-gateway-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts a gateway in {@code <work>/<name>} and waits until it is ready. */
    /** The name of the run's shared gateway (its directory under the scratch directory). */
    static final String SHARED = "gateway";

    static GatewayProcess start(BenchContext context, String name)
            throws IOException, InterruptedException
    {
        return start(context, name, context.settings().gatewayHeap());
    }

    /** Starts a gateway with the given heap ({@code SPARKJOBS_HEAP}; empty: the launcher's default). */
    static GatewayProcess start(BenchContext context, String name, Optional<String> heap)
            throws IOException, InterruptedException
    {
        return start(context, name, heap, List.of());
    }

    /**
     * Starts a gateway with the given heap and more arguments of {@code sparkjobs gateway}, such
     * as {@code --config FILE} (a figure that needs a gateway configured otherwise).
     */
    static GatewayProcess start(BenchContext context, String name, Optional<String> heap, List<String> arguments)
            throws IOException, InterruptedException
    {
        Path directory = context.workDirectory().resolve(name);
        Files.createDirectories(directory);
        Path log = directory.resolve("gateway.log");
        List<Integer> ports = FreePorts.pick(4);
        Path launcher = context.settings().home().resolve("bin").resolve("sparkjobs");
        List<String> command = new ArrayList<>(List.of(
                launcher.toString(), "gateway",
                "--data-dir", directory.resolve("data").toString(),
                "--flight-port", Integer.toString(ports.get(0)),
                "--http-port", Integer.toString(ports.get(1)),
                "--hs2-port", Integer.toString(ports.get(2)),
                "--hs2-http-port", Integer.toString(ports.get(3)),
                "--no-spark-ui"));
        command.addAll(arguments);
        context.settings().gatewayConf().forEach((key, value) -> {
            command.add("--conf");
            command.add(key + "=" + value);
        });
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        heap.ifPresent(size -> builder.environment().put("SPARKJOBS_HEAP", size));
        if (!name.equals(SHARED) && !"off".equals(System.getenv("SPARKJOBS_CLASS_DATA"))) {
            // The shared gateway records the classes for the launcher's class-data archive (it loads the
            // most); the others map the archive when there is one, and do not spend seconds writing theirs.
            builder.environment().put("SPARKJOBS_CLASS_DATA", "use");
        }
        long started = System.nanoTime();
        GatewayProcess gateway = new GatewayProcess(builder.start(), ports.get(0), ports.get(1), ports.get(2), log);
        try {
            gateway.awaitHealthy();
        }
        catch (IOException | InterruptedException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        context.log("gateway pid %d ready in %.1f s (Flight SQL 127.0.0.1:%d, HTTP %d, log %s)",
                gateway.process.pid(), (System.nanoTime() - started) / 1e9, gateway.flightPort, gateway.httpPort, log);
        return gateway;
    }

    private void awaitHealthy()
            throws IOException, InterruptedException
    {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthz"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the gateway exited with code " + process.exitValue() + " before it was ready; its log " + log + " ends with:\n" + logTail(30));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            }
            catch (IOException notYetListening) {
                // the HTTP door is not up yet
            }
            Thread.sleep(250);
        }
        throw new IOException("the gateway was not ready within " + START_TIMEOUT.toSeconds() + " s; its log " + log + " ends with:\n" + logTail(30));
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * One unlabelled value of the gateway's Prometheus metrics ({@code GET /metrics}), such as
     * {@code sparkjobs_sessions_active}.
     */
    double metric(String name)
            throws IOException, InterruptedException
    {
        for (String line : metrics().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        throw new IOException("the gateway's /metrics has no " + name);
    }

    /**
     * The heap in use now, as the gateway's own {@code /metrics} tells it:
     * {@code jvm_memory_used_bytes{area="heap",...}} summed over the heap's pools.
     */
    long heapUsedBytes()
            throws IOException, InterruptedException
    {
        double sum = 0;
        int pools = 0;
        for (String line : metrics().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
                pools++;
            }
        }
        if (pools == 0) {
            throw new IOException("the gateway's /metrics has no jvm_memory_used_bytes{area=\"heap\"}");
        }
        return (long) sum;
    }

    private String metrics()
            throws IOException, InterruptedException
    {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    int flightPort()
    {
        return flightPort;
    }

    /** The HiveServer2 binary port (NOSASL and SASL PLAIN). */
    int hs2Port()
    {
        return hs2Port;
    }

    int httpPort()
    {
        return httpPort;
    }

    ProcessHandle handle()
    {
        return process.toHandle();
    }

    long pid()
    {
        return process.pid();
    }

    Path log()
    {
        return log;
    }

    private String logHead(int lines)
    {
        try (Stream<String> head = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return String.join(System.lineSeparator(), head.limit(lines).toList());
        }
        catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    String logTail(int lines)
    {
        try {
            // Decoded leniently: a log cut mid-character still reads.
            List<String> all = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the gateway as {@link #close()} does, except that a gateway writing the launcher's
     * class-data archive as it exits (tens of seconds of one core) is left to finish that on its
     * own once its shutdown has run: the launcher of a later gateway maps the archive once it is
     * complete and ignores it before.
     *
     * @return the pid of the JVM still writing its archive, if it is
     */
    OptionalLong closeLeavingArchive()
    {
        if (!process.isAlive() || !logHead(20).contains(RECORDING)) {
            close();
            return OptionalLong.empty();
        }
        process.destroy();
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            while (process.isAlive() && !logTail(200).contains(STOPPED) && System.nanoTime() < deadline) {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive() || !logTail(200).contains(STOPPED)) {
            close();
            return OptionalLong.empty();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
        return OptionalLong.of(process.pid());
    }

    /** Stops the gateway as a user would (SIGTERM: a clean shutdown), by force if it lingers. */
    @Override
    public void close()
    {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stop()
    {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
