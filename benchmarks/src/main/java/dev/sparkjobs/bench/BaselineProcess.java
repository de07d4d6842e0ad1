package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The run's in-process Spark ({@link InProcessBaseline}) in a JVM of its own on the gateway's
 * classpath, with the gateway's heap: started once, like the shared gateway, and asked for one
 * measurement at a time.
 */
final class BaselineProcess
        implements AutoCloseable
{
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path log;
    private boolean ready;

    private BaselineProcess(Process process, Path log)
    {
        this.process = requireNonNull(process, "process is null");
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.log = requireNonNull(log, "log is null");
    }

    /** Starts it; {@link #request} waits until Spark is up. */
    static BaselineProcess start(BenchContext context)
            throws IOException
    {
        Path directory = context.workDirectory().resolve("in-process");
        Files.createDirectories(directory);
        Path log = directory.resolve("in-process.log");
        List<String> command = JavaCommand.onGatewayClasspath(context.settings().home(),
                context.settings().gatewayHeap().orElse(BareServerProcess.LAUNCHER_DEFAULT_HEAP), InProcessBaseline.class,
                List.of(directory.resolve("data").toString()));
        context.log("in-process Spark starting in its own JVM (log %s)", log);
        return new BaselineProcess(new ProcessBuilder(command).directory(directory.toFile()).redirectError(log.toFile()).start(), log);
    }

    Path log()
    {
        return log;
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /** Waits until Spark is up in it. */
    synchronized void awaitReady()
            throws IOException
    {
        if (ready) {
            return;
        }
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals(InProcessBaseline.READY)) {
                ready = true;
                return;
            }
        }
        throw new IOException("in-process Spark ended before it was up; see " + log);
    }

    /** Sends one request (its parts joined by tabs) and returns what follows {@code OK} in the answer. */
    synchronized String request(String... parts)
            throws IOException
    {
        awaitReady();
        in.write(String.join("\t", parts) + "\n");
        in.flush();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals(InProcessBaseline.OK) || line.startsWith(InProcessBaseline.OK + " ")) {
                return line.substring(InProcessBaseline.OK.length()).strip();
            }
            if (line.startsWith(InProcessBaseline.ERROR + " ")) {
                throw new IOException("in-process Spark failed " + parts[0] + ": " + line.substring(InProcessBaseline.ERROR.length() + 1) + " (see " + log + ")");
            }
        }
        throw new IOException("in-process Spark ended while answering " + parts[0] + "; see " + log);
    }

    @Override
    public void close()
    {
        try {
            in.close();
        }
        catch (IOException e) {
            // it has ended already
        }
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
