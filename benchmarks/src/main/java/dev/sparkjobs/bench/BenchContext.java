package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What a benchmark gets to run with: the settings, a scratch directory (data directories, logs,
 * recordings), a place to say what it is doing, and the run's gateway, started on first use and
 * shared by the figures that take the gateway as users get it (P1 runs first, on a fresh one), and
 * the run's in-process Spark, shared likewise by the figures that compare with it. Figures that
 * need a gateway configured otherwise start their own.
 */
public final class BenchContext
        implements AutoCloseable
{
    private final BenchSettings settings;
    private final Path workDirectory;
    private final PrintStream progress;
    private GatewayProcess gateway;
    private BaselineProcess baseline;
    /** Gateways of figures that need their own, started ahead with the shared ones; claimed by {@link #ownGateway}. */
    private final Map<String, Future<GatewayProcess>> prestarted = new LinkedHashMap<>();
    /** Work for later runs, done once the figures are measured ({@link #afterRun}). */
    private final List<AfterRun> afterRun = new ArrayList<>();
    /** Processes that go on after the run: archives for later runs being written (pids). */
    private final List<Long> stillRunning = new ArrayList<>();
    /** The shared gateway, if it is still writing its class-data archive: the scratch directory must outlive it. */
    private OptionalLong gatewayWriting = OptionalLong.empty();
    private final ExecutorService starter = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "bench-prestart");
        thread.setDaemon(true);
        return thread;
    });

    public BenchContext(BenchSettings settings, Path workDirectory, PrintStream progress)
    {
        this.settings = requireNonNull(settings, "settings is null");
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    public BenchSettings settings()
    {
        return settings;
    }

    public Path workDirectory()
    {
        return workDirectory;
    }

    public void log(String format, Object... args)
    {
        progress.println("bench: " + String.format(Locale.ROOT, format, args));
        progress.flush();
    }

    /** The run's shared gateway, started now if it is not running yet. */
    synchronized GatewayProcess gateway()
            throws IOException, InterruptedException
    {
        if (gateway == null || !gateway.isAlive()) {
            if (gateway != null) {
                log("the shared gateway died; its log %s ends with:%n%s", gateway.log(), gateway.logTail(20));
                gateway.close();
            }
            gateway = GatewayProcess.start(this, GatewayProcess.SHARED);
        }
        return gateway;
    }

    /**
     * The run's in-process Spark (P3, P4 and P6 measure against it), started now if it is not
     * running yet; {@link BaselineProcess#request} waits until it is up.
     */
    synchronized BaselineProcess baseline()
            throws IOException
    {
        if (baseline == null || !baseline.isAlive()) {
            if (baseline != null) {
                log("the in-process Spark JVM died; see %s", baseline.log());
                baseline.close();
            }
            baseline = BaselineProcess.start(this);
        }
        return baseline;
    }

    /** A figure's own gateway: starts it in the background now, for {@link #ownGateway} to claim. */
    synchronized void prestartGateway(String name, GatewayStarter start)
    {
        prestarted.computeIfAbsent(name, ignored -> starter.submit(start::start));
    }

    /** Waits for every gateway started ahead; one that failed is left for its figure to start again and report. */
    void awaitPrestarted()
    {
        List<Future<GatewayProcess>> pending;
        synchronized (this) {
            pending = new ArrayList<>(prestarted.values());
        }
        for (Future<GatewayProcess> future : pending) {
            try {
                future.get();
            }
            catch (ExecutionException e) {
                log("a gateway started ahead failed: %s", e.getCause());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The figure's own gateway: the one started ahead under this name, if it started, or one started now. The caller closes it. */
    GatewayProcess ownGateway(String name, GatewayStarter start)
            throws IOException, InterruptedException
    {
        Future<GatewayProcess> future;
        synchronized (this) {
            future = prestarted.remove(name);
        }
        if (future != null) {
            try {
                GatewayProcess ready = future.get();
                if (ready.isAlive()) {
                    return ready;
                }
                ready.close();
            }
            catch (ExecutionException e) {
                log("%s's gateway, started ahead, failed (%s); starting it again", name, e.getCause());
            }
        }
        return start.start();
    }

    /** Starts a gateway and waits until it is ready. */
    @FunctionalInterface
    interface GatewayStarter
    {
        GatewayProcess start()
                throws IOException, InterruptedException;
    }

    /**
     * Runs {@code command} once every figure is measured and the run's JVMs are stopped, so that
     * it takes nothing from a figure: work whose result only later runs use, such as a
     * class-data archive. With {@link BenchSettings#archivesInBackground()} the run does not wait
     * for it.
     */
    synchronized void afterRun(String what, List<String> command, Path log)
    {
        afterRun.add(new AfterRun(what, List.copyOf(command), log));
    }

    private record AfterRun(String what, List<String> command, Path log) {}

    /** The pids of what goes on after {@link #close()}: archives for later runs still being written. */
    synchronized List<Long> stillRunning()
    {
        return List.copyOf(stillRunning);
    }

    /** The shared gateway's pid if it is still writing its class-data archive after {@link #close()} (it has the scratch directory). */
    synchronized OptionalLong gatewayStillWriting()
    {
        return gatewayWriting;
    }

    /** Stops the shared gateway, the in-process Spark JVM and any gateway started ahead and not claimed. */
    @Override
    public void close()
    {
        List<Future<GatewayProcess>> unclaimed;
        synchronized (this) {
            unclaimed = new ArrayList<>(prestarted.values());
            prestarted.clear();
        }
        for (Future<GatewayProcess> future : unclaimed) {
            try {
                future.get().close();
            }
            catch (ExecutionException e) {
                // it never started
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The two stop side by side: the gateway may be writing its class-data archive as it exits.
        Future<?> baselineStopped = baseline == null ? null : starter.submit(baseline::close);
        if (gateway != null) {
            if (settings.archivesInBackground()) {
                OptionalLong writing = gateway.closeLeavingArchive();
                writing.ifPresent(pid -> log("the shared gateway (pid %d) has stopped and goes on writing its class-data archive, for later "
                        + "gateways and runs, in the background (it ends by itself in about half a minute)", pid));
                synchronized (this) {
                    gatewayWriting = writing;
                    writing.ifPresent(stillRunning::add);
                }
            }
            else {
                gateway.close();
            }
            gateway = null;
        }
        if (baselineStopped != null) {
            try {
                baselineStopped.get();
            }
            catch (ExecutionException e) {
                log("stopping the in-process Spark JVM failed: %s", e.getCause());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            baseline = null;
        }
        starter.shutdownNow();
        List<AfterRun> work;
        synchronized (this) {
            work = new ArrayList<>(afterRun);
            afterRun.clear();
        }
        for (AfterRun task : work) {
            runAfter(task);
        }
    }

    private void runAfter(AfterRun task)
    {
        try {
            Process process = new ProcessBuilder(task.command()).redirectErrorStream(true).redirectOutput(task.log().toFile()).start();
            if (settings.archivesInBackground()) {
                log("writing %s in the background (pid %d, log %s)", task.what(), process.pid(), task.log());
                synchronized (this) {
                    stillRunning.add(process.pid());
                }
                return;
            }
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            log("%s: %s", task.what(), process.isAlive() ? "gave up after 10 minutes" : "exit code " + process.exitValue());
        }
        catch (IOException e) {
            log("%s could not start: %s", task.what(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
