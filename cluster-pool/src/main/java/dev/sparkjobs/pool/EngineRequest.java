package dev.sparkjobs.pool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What a pool asks a provider for: an engine of this id and profile, ready within the timeout. */
public record EngineRequest(String engineId, String pool, ClusterProfile profile, Duration launchTimeout)
{
    public EngineRequest
    {
        requireNonNull(engineId, "engineId is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(launchTimeout, "launchTimeout is null");
    }
}
