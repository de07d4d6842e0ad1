package dev.sparkjobs.pool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * One pool's policy ({@code CREATE POOL ... WITH}).
 *
 * @param name the pool's name, as in {@code IN POOL name}
 * @param shareLevel who shares an engine ({@code share.level})
 * @param profile the engines' size and Spark settings
 * @param minEngines engines kept running even when idle ({@code min.engines})
 * @param maxEngines engines at most, starting ones included ({@code max.engines})
 * @param maxEnginesPerTenant engines one tenant may hold at once ({@code max.engines.per.tenant})
 * @param idleTimeout an engine unused this long stops, unless the pool would fall below its
 *        minimum ({@code engine.idle.timeout})
 * @param launchTimeout how long a launch, or a wait for a free engine, may take
 *        ({@code engine.start.timeout})
 * @param maxConcurrentLaunches launches under way at once, at most
 * @param reconcileInterval how often the pool compares what it believes with what runs
 */
public record PoolConfig(
        String name,
        ShareLevel shareLevel,
        ClusterProfile profile,
        int minEngines,
        int maxEngines,
        int maxEnginesPerTenant,
        Duration idleTimeout,
        Duration launchTimeout,
        int maxConcurrentLaunches,
        Duration reconcileInterval)
{
    public PoolConfig
    {
        requireNonNull(name, "name is null");
        requireNonNull(shareLevel, "shareLevel is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(launchTimeout, "launchTimeout is null");
        requireNonNull(reconcileInterval, "reconcileInterval is null");
        if (minEngines < 0 || maxEngines < 1 || minEngines > maxEngines) {
            throw new IllegalArgumentException("pool " + name + ": need 0 <= min.engines (" + minEngines + ") <= max.engines (" + maxEngines + "), max.engines >= 1");
        }
        if (maxEnginesPerTenant < 1 || maxConcurrentLaunches < 1) {
            throw new IllegalArgumentException("pool " + name + ": max.engines.per.tenant and the concurrent launches must be at least 1");
        }
    }

    /** A pool of the given share level with the defaults: none warm, 8 engines, 30 minutes idle, 3 minutes to start. */
    public static PoolConfig defaults(String name, ShareLevel shareLevel)
    {
        return new PoolConfig(name, shareLevel, ClusterProfile.LOCAL, 0, 8, 8, Duration.ofMinutes(30), Duration.ofMinutes(3), 2, Duration.ofSeconds(5));
    }

    public PoolConfig withEngines(int min, int max, int maxPerTenant)
    {
        return new PoolConfig(name, shareLevel, profile, min, max, maxPerTenant, idleTimeout, launchTimeout, maxConcurrentLaunches, reconcileInterval);
    }

    public PoolConfig withTimeouts(Duration idle, Duration launch, Duration reconcile)
    {
        return new PoolConfig(name, shareLevel, profile, minEngines, maxEngines, maxEnginesPerTenant, idle, launch, maxConcurrentLaunches, reconcile);
    }

    public PoolConfig withProfile(ClusterProfile newProfile)
    {
        return new PoolConfig(name, shareLevel, newProfile, minEngines, maxEngines, maxEnginesPerTenant, idleTimeout, launchTimeout, maxConcurrentLaunches, reconcileInterval);
    }
}
