package dev.sparkjobs.gateway.engines;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.pool.Engine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine a job run holds while it runs, and how long the run waited for it (microseconds on a
 * warm engine, a cold start otherwise). Closing it gives the engine back; closing twice, once.
 */
public final class RunLease
        implements AutoCloseable
{
    private final Engine engine;
    private final String pool;
    private final Duration waited;
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    public RunLease(Engine engine, String pool, Duration waited, Runnable release)
    {
        this.engine = requireNonNull(engine, "engine is null");
        this.pool = requireNonNull(pool, "pool is null");
        this.waited = requireNonNull(waited, "waited is null");
        this.release = requireNonNull(release, "release is null");
    }

    public Engine engine()
    {
        return engine;
    }

    /** The pool the engine came from, as {@code system.engines} names it. */
    public String pool()
    {
        return pool;
    }

    public Duration waited()
    {
        return waited;
    }

    @Override
    public void close()
    {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
