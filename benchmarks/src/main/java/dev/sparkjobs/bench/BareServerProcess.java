package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs {@link BareFlightServer} in a JVM of its own, with the gateway's JVM flags and heap, so that
 * both sides of P1 are a server process talking to the benchmark over loopback, and neither
 * shares the client's heap, garbage collector, JIT or gRPC event loops.
 */
final class BareServerProcess
        implements AutoCloseable
{
    /** The launcher's default heap, used for the bare server too when the gateway's is not set. */
    static final String LAUNCHER_DEFAULT_HEAP = "4g";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final int port;
    private final Thread stopOnExit;

    private BareServerProcess(Process process, int port)
    {
        this.process = process;
        this.port = port;
        this.stopOnExit = new Thread(this::stop, "stop-bare-server-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts the server, which builds the batches in {@code schema}, and waits until it listens. */
    static BareServerProcess start(BenchContext context, Schema schema, long rows, int batchRows)
            throws IOException, InterruptedException
    {
        requireNonNull(schema, "schema is null");
        Path directory = context.workDirectory().resolve("bare-flight-server");
        Files.createDirectories(directory);
        Path schemaFile = directory.resolve("schema.arrows");
        Files.write(schemaFile, schema.serializeAsMessage());
        Path log = directory.resolve("bare-flight-server.log");

        List<String> command = new ArrayList<>();
        command.add(JavaCommand.javaBinary());
        command.addAll(JavaCommand.jvmOptions(context.settings().home()));
        command.add("-Xmx" + context.settings().gatewayHeap().orElse(LAUNCHER_DEFAULT_HEAP));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BareFlightServer.class.getName());
        command.add(schemaFile.toString());
        command.add(Long.toString(rows));
        command.add(Integer.toString(batchRows));

        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectError(log.toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(BareFlightServer.READY)) {
                        return line.substring(BareFlightServer.READY.length()).trim();
                    }
                }
                return null;
            }
            catch (IOException e) {
                return null;
            }
        });
        String port;
        try {
            port = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException e) {
            port = null;
        }
        if (port == null) {
            process.destroyForcibly();
            throw new IOException("the bare Flight server did not start; see " + log);
        }
        BareServerProcess server = new BareServerProcess(process, Integer.parseInt(port));
        context.log("bare Flight server pid %d ready in %.1f s on 127.0.0.1:%d (%,d rows in batches of %,d built in memory)",
                process.pid(), (System.nanoTime() - started) / 1e9, server.port, rows, batchRows);
        return server;
    }

    ProcessHandle handle()
    {
        return process.toHandle();
    }

    int port()
    {
        return port;
    }

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
        try {
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (IOException e) {
            process.destroyForcibly();
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
