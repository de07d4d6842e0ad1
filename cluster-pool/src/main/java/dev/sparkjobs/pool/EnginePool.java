package dev.sparkjobs.pool;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool of engines of one cluster profile, keyed by share key ({@link ShareLevel}). An acquire
 * finds the requester's engine, or binds an idle one, or launches one (outside the lock, at most
 * {@code maxConcurrentLaunches} at once, bounded by the launch timeout), or waits for one to free
 * up when the pool is full. A reconciler compares what the pool believes with what the provider
 * has running, both ways: engines whose process died are forgotten, processes the pool does not
 * know are killed, idle engines above the minimum stop, and the minimum is kept warm.
 */
public final class EnginePool
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(EnginePool.class);
    private static final String POOL_FULL = "53400";
    private static final int LAUNCH_TIMES_KEPT = 256;

    private enum State { STARTING, READY, STOPPING }

    private final class Entry
    {
        final String id;
        final Instant startedAt;
        final CompletableFuture<Engine> ready = new CompletableFuture<>();
        State state = State.STARTING;
        Engine engine;
        String shareKey;
        String tenant;
        Instant lastUsedAt;
        Instant readyAt;
        int leasesActive;
        long leasesTotal;
        volatile LaunchPhase phase = LaunchPhase.REQUESTED;

        Entry(String id, Instant startedAt)
        {
            this.id = id;
            this.startedAt = startedAt;
        }

        boolean idle()
        {
            return state == State.READY && leasesActive == 0;
        }
    }

    private final PoolConfig config;
    private final EngineProvider provider;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Semaphore launches;
    private final Deque<Duration> launchTimes = new ArrayDeque<>();
    private final AtomicLong counter = new AtomicLong();
    private final ExecutorService launcher = Executors.newCachedThreadPool(daemon("engine-launcher"));
    private final ScheduledExecutorService reconciler = Executors.newSingleThreadScheduledExecutor(daemon("engine-reconciler"));
    private volatile boolean closed;

    public EnginePool(PoolConfig config, EngineProvider provider, Clock clock)
    {
        this.config = requireNonNull(config, "config is null");
        this.provider = requireNonNull(provider, "provider is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.launches = new Semaphore(config.maxConcurrentLaunches());
    }

    /** Starts the reconciler, which also warms the pool to its minimum. */
    public EnginePool start()
    {
        long period = config.reconcileInterval().toMillis();
        reconciler.scheduleWithFixedDelay(this::reconcileQuietly, 0, period, TimeUnit.MILLISECONDS);
        return this;
    }

    public PoolConfig config()
    {
        return config;
    }

    /**
     * Leases an engine for the requester; the caller closes the lease when done.
     *
     * @throws SqlServiceException 53400 when the pool or the tenant is at its maximum and nothing
     *         frees up within the launch timeout; 08001 when a launch fails
     */
    public EngineLease acquire(Requester requester)
            throws SqlServiceException
    {
        String key = config.shareLevel().shareKey(requester);
        long deadline = System.nanoTime() + config.launchTimeout().toNanos();
        while (true) {
            CompletableFuture<Engine> starting;
            lock.lock();
            try {
                if (closed) {
                    throw new SqlServiceException("57P01", "pool " + config.name() + " is shut down");
                }
                forgetDead();
                Optional<Entry> own = entries.values().stream()
                        .filter(entry -> key.equals(entry.shareKey) && entry.state != State.STOPPING)
                        .findFirst();
                if (own.isPresent() && own.get().state == State.READY
                        && (config.shareLevel() != ShareLevel.CONNECTION || own.get().leasesActive == 0)) {
                    return lease(own.get());
                }
                if (own.isPresent() && own.get().state == State.STARTING) {
                    starting = own.get().ready;
                }
                else {
                    long tenantEngines = entries.values().stream()
                            .filter(entry -> requester.tenant().equals(entry.tenant) && entry.state != State.STOPPING)
                            .count();
                    boolean tenantFull = tenantEngines >= config.maxEnginesPerTenant();
                    Optional<Entry> idle = entries.values().stream()
                            .filter(entry -> entry.idle() && entry.shareKey == null)
                            .findFirst();
                    // A warm engine still starting serves sooner than a launch of our own.
                    Optional<Entry> warming = entries.values().stream()
                            .filter(entry -> entry.state == State.STARTING && entry.shareKey == null)
                            .findFirst();
                    if (!tenantFull && idle.isPresent()) {
                        idle.get().shareKey = key;
                        idle.get().tenant = requester.tenant();
                        return lease(idle.get());
                    }
                    if (!tenantFull && warming.isPresent()) {
                        warming.get().shareKey = key;
                        warming.get().tenant = requester.tenant();
                        starting = warming.get().ready;
                    }
                    else if (!tenantFull && liveCount() < config.maxEngines()) {
                        Entry entry = launch(key, requester.tenant());
                        starting = entry.ready;
                    }
                    else if (!tenantFull && evictIdleOfOtherKey()) {
                        continue;
                    }
                    else {
                        // Full: wait for an engine to free up, until the launch timeout.
                        long left = deadline - System.nanoTime();
                        if (left <= 0 && tenantFull) {
                            throw new SqlServiceException(POOL_FULL, "tenant " + requester.tenant() + " holds " + tenantEngines
                                    + " engines of pool " + config.name() + ", all in use: raise 'max.engines.per.tenant' (" + config.maxEnginesPerTenant() + ") or close sessions");
                        }
                        if (left <= 0) {
                            throw new SqlServiceException(POOL_FULL, "pool " + config.name() + " has all its " + config.maxEngines()
                                    + " engines in use: raise 'max.engines' or retry later");
                        }
                        changed.awaitNanos(left);
                        continue;
                    }
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlServiceException("57014", 0, "interrupted while waiting for an engine", e);
            }
            finally {
                lock.unlock();
            }
            await(starting, deadline);
        }
    }

    private void await(CompletableFuture<Engine> starting, long deadline)
            throws SqlServiceException
    {
        try {
            starting.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        }
        catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SqlServiceException failure) {
                throw failure;
            }
            throw new SqlServiceException("08001", 0, "the engine failed to start: " + e.getCause(), e.getCause());
        }
        catch (java.util.concurrent.TimeoutException e) {
            throw new SqlServiceException("08001", "no engine of pool " + config.name() + " was ready within " + config.launchTimeout()
                    + ": raise 'engine.start.timeout'");
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlServiceException("57014", 0, "interrupted while waiting for an engine", e);
        }
    }

    private EngineLease lease(Entry entry)
    {
        entry.leasesActive++;
        entry.leasesTotal++;
        entry.lastUsedAt = clock.instant();
        return new EngineLease(entry.engine, () -> release(entry));
    }

    private void release(Entry entry)
    {
        lock.lock();
        try {
            entry.leasesActive--;
            entry.lastUsedAt = clock.instant();
            if (config.shareLevel() == ShareLevel.CONNECTION && entry.leasesActive == 0) {
                // A connection's engine serves the next connection only once this one let go.
                entry.shareKey = null;
                entry.tenant = null;
            }
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    /** Starts a launch in the background; the caller holds the lock. */
    private Entry launch(String shareKey, String tenant)
    {
        String id = config.name() + "-" + counter.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        Entry entry = new Entry(id, clock.instant());
        entry.shareKey = shareKey;
        entry.tenant = tenant;
        entries.put(id, entry);
        launcher.execute(() -> runLaunch(entry));
        return entry;
    }

    private void runLaunch(Entry entry)
    {
        long start = System.nanoTime();
        Engine engine = null;
        Throwable failure = null;
        try {
            if (!launches.tryAcquire(config.launchTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new SqlServiceException("08001", "too many engines were starting at once in pool " + config.name());
            }
            try {
                engine = provider.launch(new EngineRequest(entry.id, config.name(), config.profile(), config.launchTimeout(), Optional.ofNullable(entry.tenant)),
                        (id, phase) -> entry.phase = phase);
            }
            finally {
                launches.release();
            }
        }
        catch (Throwable t) {
            failure = t;
        }
        lock.lock();
        try {
            if (failure != null || closed || !entries.containsKey(entry.id)) {
                entries.remove(entry.id);
                if (engine != null) {
                    stopAsync(engine);
                }
                entry.ready.completeExceptionally(failure != null ? failure : new SqlServiceException("57P01", "pool " + config.name() + " is shut down"));
            }
            else {
                entry.engine = engine;
                entry.state = State.READY;
                entry.lastUsedAt = clock.instant();
                entry.readyAt = entry.lastUsedAt;
                recordLaunchTime(Duration.ofNanos(System.nanoTime() - start));
                entry.ready.complete(engine);
            }
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
        if (failure != null) {
            log.warn("Engine {} of pool {} failed to start: {}", entry.id, config.name(), failure.getMessage());
        }
    }

    private void recordLaunchTime(Duration time)
    {
        if (launchTimes.size() >= LAUNCH_TIMES_KEPT) {
            launchTimes.removeFirst();
        }
        launchTimes.addLast(time);
    }

    /** Recent launch times (launch to ready), oldest first. */
    public List<Duration> launchTimes()
    {
        lock.lock();
        try {
            return List.copyOf(launchTimes);
        }
        finally {
            lock.unlock();
        }
    }

    private long liveCount()
    {
        return entries.values().stream().filter(entry -> entry.state != State.STOPPING).count();
    }

    private boolean evictIdleOfOtherKey()
    {
        Optional<Entry> victim = entries.values().stream()
                .filter(entry -> entry.idle() && entry.shareKey != null)
                .min((a, b) -> a.lastUsedAt.compareTo(b.lastUsedAt));
        victim.ifPresent(this::stop);
        return victim.isPresent();
    }

    /** Drops engines whose process or pod has gone; the caller holds the lock. */
    private void forgetDead()
    {
        List<Entry> dead = entries.values().stream()
                .filter(entry -> entry.state == State.READY && !entry.engine.alive())
                .toList();
        for (Entry entry : dead) {
            log.warn("Engine {} of pool {} died: forgetting it", entry.id, config.name());
            stop(entry);
        }
    }

    /** Stops an engine in the background; the caller holds the lock. */
    private void stop(Entry entry)
    {
        entry.state = State.STOPPING;
        Engine engine = entry.engine;
        background(() -> {
            try {
                engine.close();
            }
            catch (RuntimeException e) {
                log.warn("Engine {} did not stop cleanly", entry.id, e);
            }
            lock.lock();
            try {
                entries.remove(entry.id);
                changed.signalAll();
            }
            finally {
                lock.unlock();
            }
        });
    }

    private void stopAsync(Engine engine)
    {
        background(engine::close);
    }

    /** Runs on the launcher's threads, or here once the pool is closing. */
    private void background(Runnable task)
    {
        try {
            launcher.execute(task);
        }
        catch (java.util.concurrent.RejectedExecutionException e) {
            task.run();
        }
    }

    /** One pass of the reconciler: also callable directly (tests, an operator's command). */
    public void reconcile()
    {
        Set<String> running = provider.running();
        List<String> orphans = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            forgetDead();
            for (String id : running) {
                // A provider may serve several pools: this one answers for its own ids only.
                if (id.startsWith(config.name() + "-") && !entries.containsKey(id)) {
                    orphans.add(id);
                }
            }
            Instant cutoff = clock.instant().minus(config.idleTimeout());
            for (Entry entry : List.copyOf(entries.values())) {
                if (liveCount() <= config.minEngines()) {
                    break;
                }
                if (entry.idle() && entry.lastUsedAt.isBefore(cutoff)) {
                    log.info("Engine {} of pool {} idle since {}: stopping it", entry.id, config.name(), entry.lastUsedAt);
                    stop(entry);
                }
            }
            while (liveCount() < config.minEngines()) {
                launch(null, null);
            }
        }
        finally {
            lock.unlock();
        }
        for (String id : orphans) {
            log.warn("Engine {} runs but pool {} does not know it: killing it", id, config.name());
            provider.kill(id);
        }
    }

    private void reconcileQuietly()
    {
        try {
            reconcile();
        }
        catch (RuntimeException e) {
            log.warn("Reconciling pool {} failed", config.name(), e);
        }
    }

    /** Engines known to the pool, stopping ones included. */
    public int size()
    {
        lock.lock();
        try {
            return entries.size();
        }
        finally {
            lock.unlock();
        }
    }

    /** The pool's engines as {@code system.engines} rows. */
    public List<EngineRow> snapshot()
    {
        lock.lock();
        try {
            List<EngineRow> rows = new ArrayList<>();
            ClusterProfile profile = config.profile();
            long memory = profile.driverMemoryBytes().orElse(0L) + (long) profile.executorInstances() * profile.executorMemoryBytes().orElse(0L);
            for (Entry entry : entries.values()) {
                Optional<Engine> engine = Optional.ofNullable(entry.engine);
                String state = switch (entry.state) {
                    case STARTING -> "STARTING";
                    case STOPPING -> "STOPPING";
                    case READY -> entry.leasesActive > 0 ? "BUSY" : "IDLE";
                };
                rows.add(new EngineRow(
                        entry.id,
                        config.name(),
                        provider.name(),
                        config.shareLevel().name(),
                        Optional.ofNullable(entry.shareKey),
                        state,
                        engine.map(Engine::sparkVersion).filter(version -> !version.isEmpty()),
                        engine.map(Engine::sparkApplicationId),
                        engine.flatMap(Engine::sparkUiUrl),
                        engine.flatMap(Engine::flightEndpoint),
                        entry.startedAt,
                        Optional.ofNullable(entry.lastUsedAt),
                        entry.leasesActive,
                        entry.leasesTotal,
                        profile.executorInstances(),
                        profile.driverCores() + profile.executorInstances() * profile.executorCores(),
                        memory,
                        Optional.ofNullable(entry.readyAt)));
            }
            return rows;
        }
        finally {
            lock.unlock();
        }
    }

    /** The phase of an engine's launch, while it is starting. */
    public Optional<LaunchPhase> launchPhase(String engineId)
    {
        lock.lock();
        try {
            return Optional.ofNullable(entries.get(engineId)).filter(entry -> entry.state == State.STARTING).map(entry -> entry.phase);
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public void close()
    {
        List<Engine> engines = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            for (Entry entry : entries.values()) {
                if (entry.engine != null) {
                    engines.add(entry.engine);
                }
            }
            entries.clear();
            changed.signalAll();
        }
        finally {
            lock.unlock();
        }
        reconciler.shutdownNow();
        engines.forEach(engine -> {
            try {
                engine.close();
            }
            catch (RuntimeException e) {
                log.warn("Engine {} did not stop cleanly", engine.id(), e);
            }
        });
        launcher.shutdown();
        try {
            // A launch under way stops its engine itself once it sees the pool closed.
            launcher.awaitTermination(config.launchTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name)
    {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
