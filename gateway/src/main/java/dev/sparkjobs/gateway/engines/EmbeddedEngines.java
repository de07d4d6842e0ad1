package dev.sparkjobs.gateway.engines;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.gateway.metastore.PoolRepository;
import dev.sparkjobs.gateway.metastore.Stored;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.pool.EngineRow;
import dev.sparkjobs.pool.PoolConfig;
import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One engine for everything: the embedded engine in the gateway's JVM serves every session and
 * every run, whatever pool a job names; pools defined in SQL are shown, all on this engine.
 */
public final class EmbeddedEngines
        implements Engines
{
    private final Engine engine;
    private final boolean ownsEngine;
    private final PoolRepository pools;
    private final PoolConfig defaultPool;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicInteger leasesActive = new AtomicInteger();
    private final AtomicLong leasesTotal = new AtomicLong();

    public EmbeddedEngines(Engine engine, boolean ownsEngine, PoolRepository pools, PoolConfig defaultPool, Clock clock)
    {
        this.engine = requireNonNull(engine, "engine is null");
        this.ownsEngine = ownsEngine;
        this.pools = requireNonNull(pools, "pools is null");
        this.defaultPool = requireNonNull(defaultPool, "defaultPool is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.startedAt = clock.instant();
    }

    @Override
    public String provider()
    {
        return engine.provider();
    }

    @Override
    public SqlService sessions()
    {
        return engine.sqlService();
    }

    @Override
    public String engineOf(SqlSession session)
    {
        return engine.id();
    }

    @Override
    public String serverVersion()
    {
        return engine.sqlService().serverVersion();
    }

    @Override
    public RunLease leaseForRun(Job job, String owner, String runId)
    {
        leasesActive.incrementAndGet();
        leasesTotal.incrementAndGet();
        return new RunLease(engine, job.pool().orElse(PoolDefinitions.DEFAULT_POOL), Duration.ZERO, leasesActive::decrementAndGet);
    }

    @Override
    public boolean warmsAhead(Job job)
    {
        return false;
    }

    @Override
    public void warm(Job job, String owner) {}

    @Override
    public void poolChanged(String name) {}

    @Override
    public List<Object[]> engineRows()
    {
        return List.<Object[]>of(SystemRows.engine(row(), PoolDefinitions.DEFAULT_POOL, Optional.empty(), clock.instant()));
    }

    private EngineRow row()
    {
        return new EngineRow(engine.id(), PoolDefinitions.DEFAULT_POOL, engine.provider(), "SERVER", Optional.empty(), leasesActive.get() > 0 ? "BUSY" : "IDLE",
                Optional.of(engine.sparkVersion()).filter(version -> !version.isEmpty()), Optional.of(engine.sparkApplicationId()), engine.sparkUiUrl(),
                Optional.empty(), startedAt, Optional.empty(), leasesActive.get(), leasesTotal.get(), 0, 0, 0, Optional.of(startedAt));
    }

    @Override
    public List<Object[]> poolRows()
    {
        List<EngineRow> engines = List.of(row());
        List<Object[]> rows = new ArrayList<>();
        rows.add(SystemRows.pool(PoolDefinitions.DEFAULT_POOL, Optional.empty(), defaultPool, engine.provider(), engines, List.of()));
        for (Stored<Pool> stored : pools.list()) {
            if (!stored.name().equalsIgnoreCase(PoolDefinitions.DEFAULT_POOL)) {
                rows.add(SystemRows.pool(stored.name(), Optional.of(stored), PoolDefinitions.pool(stored.definition(), defaultPool), engine.provider(), engines, List.of()));
            }
        }
        return rows;
    }

    @Override
    public Optional<EmbeddedEngine> embedded()
    {
        return engine instanceof EmbeddedEngine embedded ? Optional.of(embedded) : Optional.empty();
    }

    @Override
    public void close()
    {
        if (ownsEngine) {
            engine.close();
        }
    }
}
