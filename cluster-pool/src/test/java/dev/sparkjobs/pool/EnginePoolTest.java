package dev.sparkjobs.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.pool.embedded.TestingEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The pool's policies, quickly: a provider that launches in microseconds hands out engines whose
 * SQL service is the test JVM's one embedded Spark (never touched here), and whose process "dies"
 * when the test says so. Process engines are tested for real in {@code ProcessEnginePoolTest}.
 */
class EnginePoolTest
{
    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void sharedLevelsGiveOneEnginePerKey()
            throws Exception
    {
        HandleProvider provider = new HandleProvider();
        try (EnginePool pool = new EnginePool(config(ShareLevel.USER, 0, 4, 4), provider, Clock.systemUTC())) {
            try (EngineLease alice1 = pool.acquire(new Requester("alice", "acme", "c1"));
                    EngineLease alice2 = pool.acquire(new Requester("alice", "acme", "c2"));
                    EngineLease bob = pool.acquire(new Requester("bob", "acme", "c3"))) {
                assertSame(alice1.engine(), alice2.engine());
                assertNotSame(alice1.engine(), bob.engine());
                Map<String, EngineRow> rows = pool.snapshot().stream().collect(Collectors.toMap(row -> row.shareKey().orElseThrow(), row -> row));
                assertEquals(2, rows.get("alice").leasesActive());
                assertEquals("BUSY", rows.get("bob").state());
                assertEquals("USER", rows.get("bob").shareLevel());
            }
            assertEquals(2, provider.launched.get());
        }
        assertEquals(Set.of(), provider.running());
    }

    @Test
    void connectionLevelLeasesAreExclusiveAndAFullPoolWaitsThenFailsNamingTheSetting()
            throws Exception
    {
        HandleProvider provider = new HandleProvider();
        try (EnginePool pool = new EnginePool(config(ShareLevel.CONNECTION, 0, 1, 1), provider, Clock.systemUTC())) {
            EngineLease first = pool.acquire(new Requester("alice", "acme", "c1"));
            SqlServiceException full = assertThrows(SqlServiceException.class, () -> pool.acquire(new Requester("alice", "acme", "c2")));
            assertEquals("53400", full.sqlState());
            assertTrue(full.getMessage().contains("max.engines.per.tenant"), full.getMessage());

            first.close();
            assertEquals(Optional.empty(), pool.snapshot().get(0).shareKey());
            // The next connection gets the same engine once the first let go.
            try (EngineLease second = pool.acquire(new Requester("bob", "other", "c2"))) {
                assertSame(first.engine(), second.engine());
                assertEquals(Optional.of("c2"), pool.snapshot().get(0).shareKey());
                assertEquals(2, pool.snapshot().get(0).leasesTotal());
            }
            assertEquals(Optional.empty(), pool.snapshot().get(0).shareKey());
        }
    }

    @Test
    void reconcilerKeepsTheMinimumReapsIdleEnginesForgetsDeadOnesAndKillsOrphans()
            throws Exception
    {
        HandleProvider provider = new HandleProvider();
        try (EnginePool pool = new EnginePool(config(ShareLevel.SERVER, 1, 3, 3), provider, Clock.systemUTC()).start()) {
            waitFor(() -> pool.snapshot().stream().anyMatch(row -> row.state().equals("IDLE")));
            Engine warm;
            try (EngineLease lease = pool.acquire(new Requester("alice", "acme", "c1"))) {
                warm = lease.engine();
            }
            // Dead: the next lease gets a new engine at once.
            provider.kill(warm.id());
            try (EngineLease lease = pool.acquire(new Requester("alice", "acme", "c2"))) {
                assertNotSame(warm, lease.engine());
            }
            // An engine of this pool the pool does not know is killed.
            provider.orphan("reconcile-orphan");
            waitFor(() -> !provider.running().contains("reconcile-orphan"));
            // Above the minimum, idle engines stop; the pool settles at its minimum.
            try (EngineLease a = pool.acquire(new Requester("a", "t1", "x"))) {
                assertEquals(1, pool.size());
            }
            waitFor(() -> pool.size() == 1 && provider.running().size() == 1);
        }
        assertEquals(Set.of(), provider.running());
    }

    @Test
    void aFailedLaunchFailsTheAcquireWithItsSqlState()
    {
        HandleProvider provider = new HandleProvider();
        provider.failNext.set(true);
        try (EnginePool pool = new EnginePool(config(ShareLevel.USER, 0, 2, 2), provider, Clock.systemUTC())) {
            SqlServiceException e = assertThrows(SqlServiceException.class, () -> pool.acquire(new Requester("alice", "acme", "c1")));
            assertEquals("08001", e.sqlState());
            assertEquals(0, pool.size());
        }
    }

    private static PoolConfig config(ShareLevel level, int min, int max, int perTenant)
    {
        return PoolConfig.defaults(level == ShareLevel.SERVER ? "reconcile" : "policy", level)
                .withEngines(min, max, perTenant)
                .withTimeouts(SHORT, SHORT, Duration.ofMillis(50));
    }

    private static void waitFor(BooleanSupplier condition)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** Engines as handles on the embedded engine; "running" until killed or closed. */
    private static final class HandleProvider
            implements EngineProvider
    {
        final Set<String> alive = ConcurrentHashMap.newKeySet();
        final AtomicInteger launched = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public String name()
        {
            return "handle";
        }

        @Override
        public Engine launch(EngineRequest request, LaunchListener listener)
                throws SqlServiceException
        {
            if (failNext.getAndSet(false)) {
                throw new SqlServiceException("08001", "engine " + request.engineId() + " failed to start");
            }
            launched.incrementAndGet();
            alive.add(request.engineId());
            listener.phase(request.engineId(), LaunchPhase.READY);
            return new Engine()
            {
                @Override
                public String id()
                {
                    return request.engineId();
                }

                @Override
                public String provider()
                {
                    return name();
                }

                @Override
                public SqlService sqlService()
                {
                    return TestingEngine.get().sqlService();
                }

                @Override
                public String sparkApplicationId()
                {
                    return "app-" + request.engineId();
                }

                @Override
                public boolean alive()
                {
                    return alive.contains(request.engineId());
                }

                @Override
                public void close()
                {
                    alive.remove(request.engineId());
                }
            };
        }

        void orphan(String id)
        {
            alive.add(id);
        }

        @Override
        public Set<String> running()
        {
            return Set.copyOf(alive);
        }

        @Override
        public void kill(String engineId)
        {
            alive.remove(engineId);
        }

        @Override
        public void close()
        {
            alive.clear();
        }
    }
}
