package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a benchmark gets to run with: the settings, a scratch directory (data directories, logs,
 * recordings), a place to say what it is doing, and the run's gateway, started on first use and
 * shared by the figures that take the gateway as users get it (P1 runs first, on a fresh one).
 * Figures that need a gateway configured otherwise start their own.
 */
public final class BenchContext
        implements AutoCloseable
{
    private final BenchSettings settings;
    private final Path workDirectory;
    private final PrintStream progress;
    private GatewayProcess gateway;

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
    GatewayProcess gateway()
            throws IOException, InterruptedException
    {
        if (gateway == null || !gateway.isAlive()) {
            if (gateway != null) {
                log("the shared gateway died; its log %s ends with:%n%s", gateway.log(), gateway.logTail(20));
                gateway.close();
            }
            gateway = GatewayProcess.start(this, "gateway");
        }
        return gateway;
    }

    /** Stops the shared gateway. */
    @Override
    public void close()
    {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }
}
