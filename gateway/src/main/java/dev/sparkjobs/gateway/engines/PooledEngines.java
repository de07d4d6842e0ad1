package dev.sparkjobs.gateway.engines;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.gateway.metastore.PoolRepository;
import dev.sparkjobs.gateway.metastore.Stored;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.pool.EngineLease;
import dev.sparkjobs.pool.EnginePool;
import dev.sparkjobs.pool.EngineProvider;
import dev.sparkjobs.pool.EngineRow;
import dev.sparkjobs.pool.PoolConfig;
import dev.sparkjobs.pool.PooledSqlService;
import dev.sparkjobs.pool.Requester;
import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engines leased from pools on one provider (child processes, or driver pods on Kubernetes). The default pool comes from
 * the {@code engine.*} settings (a pool defined in SQL as {@code default} replaces it); every pool
 * defined with {@code CREATE POOL} gets its engines as soon as it is defined. Within a pool, each
 * cluster profile its jobs ask for is an {@link EnginePool} of its own (engines of different
 * profiles are never shared); the pool's own profile keeps the pool's minimum warm. A pool that is
 * altered or dropped is retired: its engines stop once no lease holds them, new leases go to the
 * new definition.
 */
public final class PooledEngines
        implements Engines
{
    private static final Logger log = LoggerFactory.getLogger(PooledEngines.class);

    /** One defined pool and its engine pools, one per cluster profile. */
    private static final class PoolState
    {
        final String name;
        final Optional<Stored<Pool>> stored;
        final PoolConfig config;
        final Optional<String> unavailable;
        final Map<ClusterProfile, EnginePool> byProfile = new LinkedHashMap<>();

        PoolState(String name, Optional<Stored<Pool>> stored, PoolConfig config, Optional<String> unavailable)
        {
            this.name = name;
            this.stored = stored;
            this.config = config;
            this.unavailable = unavailable;
        }
    }

    private record Retired(String name, EnginePool pool) {}

    private final EngineProvider provider;
    private final PoolRepository definitions;
    private final PoolConfig configuredDefault;
    private final Clock clock;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, PoolState> pools = new LinkedHashMap<>();
    private final List<Retired> retired = new ArrayList<>();
    private final ScheduledExecutorService retirer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pool-retirer");
        thread.setDaemon(true);
        return thread;
    });
    private final SqlService sessions = new Sessions();
    private volatile String sparkVersion = "";
    private boolean closed;

    public PooledEngines(EngineProvider provider, PoolRepository definitions, PoolConfig configuredDefault, Clock clock)
    {
        this.provider = requireNonNull(provider, "provider is null");
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.configuredDefault = requireNonNull(configuredDefault, "configuredDefault is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts the default pool and every pool defined in SQL; each warms its minimum in the background. */
    public PooledEngines start()
    {
        poolChanged(PoolDefinitions.DEFAULT_POOL);
        for (Stored<Pool> stored : definitions.list()) {
            poolChanged(stored.name());
        }
        retirer.scheduleWithFixedDelay(this::closeRetired, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    @Override
    public String provider()
    {
        return provider.name();
    }

    @Override
    public SqlService sessions()
    {
        return sessions;
    }

    @Override
    public String engineOf(SqlSession session)
    {
        return PooledSqlService.engineOf(session).map(Engine::id).orElse("unknown");
    }

    @Override
    public String serverVersion()
    {
        return "0.1.0 (Spark " + (sparkVersion.isEmpty() ? org.apache.spark.package$.MODULE$.SPARK_VERSION() : sparkVersion) + ")";
    }

    /** Sessions lease from the default pool as it is defined when they open. */
    private final class Sessions
            implements SqlService
    {
        @Override
        public SqlSession openSession(String user, Map<String, String> properties)
                throws SqlServiceException
        {
            EnginePool pool;
            synchronized (PooledEngines.this) {
                pool = enginePool(state(PoolDefinitions.DEFAULT_POOL), configuredDefault.profile());
            }
            SqlSession session = new PooledSqlService(pool, name -> name).openSession(user, properties);
            PooledSqlService.engineOf(session).ifPresent(engine -> sparkVersion = engine.sparkVersion());
            return session;
        }

        @Override
        public String serverVersion()
        {
            return PooledEngines.this.serverVersion();
        }
    }

    @Override
    public RunLease leaseForRun(Job job, String owner, String runId)
            throws SqlServiceException
    {
        String name = job.pool().orElse(PoolDefinitions.DEFAULT_POOL);
        EnginePool pool;
        synchronized (this) {
            PoolState state = state(name);
            pool = enginePool(state, PoolDefinitions.profile(state.config.profile(), job));
            name = state.name;
        }
        long start = System.nanoTime();
        EngineLease lease = pool.acquire(new Requester(owner, owner, runId));
        return new RunLease(lease.engine(), name, Duration.ofNanos(System.nanoTime() - start), lease::close);
    }

    @Override
    public synchronized boolean warmsAhead(Job job)
    {
        PoolState state = pools.get(key(job.pool().orElse(PoolDefinitions.DEFAULT_POOL)));
        return state != null && state.unavailable.isEmpty();
    }

    @Override
    public void warm(Job job, String owner)
            throws SqlServiceException
    {
        try (RunLease lease = leaseForRun(job, owner, "warm-" + UUID.randomUUID())) {
            log.info("Engine {} of pool {} is warm for the next run of job {} (waited {} ms)", lease.engine().id(), lease.pool(), job.name(),
                    lease.waited().toMillis());
        }
    }

    /** The state of a pool; the caller holds this object's lock. */
    private PoolState state(String name)
            throws SqlServiceException
    {
        if (closed) {
            throw new SqlServiceException("57P01", "the gateway is shutting down");
        }
        PoolState state = pools.get(key(name));
        if (state == null) {
            throw new SqlServiceException("42704", "pool " + name + " does not exist: define it with CREATE POOL " + name + " WITH (...)");
        }
        if (state.unavailable.isPresent()) {
            throw new SqlServiceException("0A000", state.unavailable.get());
        }
        return state;
    }

    /** The engine pool of a profile within a pool, started on first use; the caller holds this object's lock. */
    private EnginePool enginePool(PoolState state, ClusterProfile profile)
    {
        EnginePool existing = state.byProfile.get(profile);
        if (existing != null) {
            return existing;
        }
        PoolConfig config = state.config;
        boolean own = profile.equals(config.profile());
        // Engine ids start with the engine pool's name: a generation keeps a retired pool's engines apart from its successor's.
        EnginePool pool = new EnginePool(new PoolConfig(state.name.toLowerCase(Locale.ROOT) + "." + generation.incrementAndGet(), config.shareLevel(), profile,
                own ? config.minEngines() : 0, config.maxEngines(), config.maxEnginesPerTenant(), config.idleTimeout(), config.launchTimeout(),
                config.maxConcurrentLaunches(), config.reconcileInterval()), provider, clock).start();
        state.byProfile.put(profile, pool);
        return pool;
    }

    @Override
    public synchronized void poolChanged(String name)
    {
        if (closed) {
            return;
        }
        Optional<Stored<Pool>> stored = definitions.find(name);
        boolean isDefault = name.equalsIgnoreCase(PoolDefinitions.DEFAULT_POOL);
        PoolState old = pools.get(key(name));
        if (stored.isEmpty() && !isDefault) {
            pools.remove(key(name));
            retire(old);
            return;
        }
        PoolConfig config = stored.map(pool -> PoolDefinitions.pool(pool.definition(), configuredDefault)).orElse(configuredDefault);
        Optional<String> unavailable = stored.flatMap(pool -> PoolDefinitions.provider(pool.definition()))
                .filter(wanted -> !wanted.equals(provider.name()))
                .map(wanted -> "pool " + name + " asks for 'engine.provider' = '" + wanted + "', but this gateway runs " + provider.name()
                        + " engines (set engine.provider in the gateway's configuration, or ALTER POOL " + name + " SET WITH ('engine.provider' = '" + provider.name() + "'))");
        String displayName = stored.map(Stored::name).orElse(PoolDefinitions.DEFAULT_POOL);
        if (old != null && old.config.equals(config) && old.unavailable.equals(unavailable)) {
            PoolState same = new PoolState(displayName, stored, config, unavailable);
            same.byProfile.putAll(old.byProfile);
            pools.put(key(name), same);
            return;
        }
        PoolState state = new PoolState(displayName, stored, config, unavailable);
        pools.put(key(name), state);
        retire(old);
        if (unavailable.isEmpty()) {
            enginePool(state, config.profile());
            log.info("Pool {}: {} engines, {} to {} ({} each), share level {}", displayName, provider.name(), config.minEngines(), config.maxEngines(),
                    config.profile(), config.shareLevel());
        }
        else {
            log.warn("Pool {}: {}", displayName, unavailable.get());
        }
    }

    private void retire(PoolState state)
    {
        if (state != null) {
            state.byProfile.values().forEach(pool -> retired.add(new Retired(state.name, pool)));
        }
    }

    /** Closes retired engine pools once nothing leases their engines. */
    private void closeRetired()
    {
        List<EnginePool> done = new ArrayList<>();
        synchronized (this) {
            retired.removeIf(entry -> {
                if (entry.pool().snapshot().stream().allMatch(row -> row.leasesActive() == 0)) {
                    done.add(entry.pool());
                    return true;
                }
                return false;
            });
        }
        done.forEach(EnginePool::close);
    }

    @Override
    public synchronized List<Object[]> engineRows()
    {
        Instant now = clock.instant();
        List<Object[]> rows = new ArrayList<>();
        for (PoolState state : pools.values()) {
            for (EnginePool pool : state.byProfile.values()) {
                for (EngineRow row : pool.snapshot()) {
                    rows.add(SystemRows.engine(row, state.name, pool.launchPhase(row.engineId()), now, provider.clusterOf(row.engineId()),
                            provider.podOf(row.engineId())));
                }
            }
        }
        for (Retired entry : retired) {
            for (EngineRow row : entry.pool().snapshot()) {
                rows.add(SystemRows.engine(row, entry.name(), entry.pool().launchPhase(row.engineId()), now, provider.clusterOf(row.engineId()),
                        provider.podOf(row.engineId())));
            }
        }
        return rows;
    }

    @Override
    public synchronized List<Object[]> poolRows()
    {
        List<Object[]> rows = new ArrayList<>();
        for (PoolState state : pools.values()) {
            List<EngineRow> engines = new ArrayList<>();
            List<Duration> launches = new ArrayList<>();
            for (EnginePool pool : state.byProfile.values()) {
                engines.addAll(pool.snapshot());
                launches.addAll(pool.launchTimes());
            }
            rows.add(SystemRows.pool(state.name, state.stored, state.config, state.stored.flatMap(stored -> PoolDefinitions.provider(stored.definition()))
                    .orElse(provider.name()), engines, launches));
        }
        return rows;
    }

    @Override
    public Optional<EmbeddedEngine> embedded()
    {
        return Optional.empty();
    }

    @Override
    public void close()
    {
        List<EnginePool> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            pools.values().forEach(state -> all.addAll(state.byProfile.values()));
            retired.forEach(entry -> all.add(entry.pool()));
            pools.clear();
            retired.clear();
        }
        retirer.shutdownNow();
        for (EnginePool pool : all) {
            try {
                pool.close();
            }
            catch (RuntimeException e) {
                log.warn("Pool {} did not close cleanly", pool.config().name(), e);
            }
        }
        provider.close();
    }

    private static String key(String name)
    {
        return name.toLowerCase(Locale.ROOT);
    }
}
