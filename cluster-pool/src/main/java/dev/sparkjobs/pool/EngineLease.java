package dev.sparkjobs.pool;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicBoolean;

/** The use of one engine by one requester, until closed; closing twice releases once. */
public final class EngineLease
        implements AutoCloseable
{
    private final Engine engine;
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    EngineLease(Engine engine, Runnable release)
    {
        this.engine = requireNonNull(engine, "engine is null");
        this.release = requireNonNull(release, "release is null");
    }

    public Engine engine()
    {
        return engine;
    }

    @Override
    public void close()
    {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
