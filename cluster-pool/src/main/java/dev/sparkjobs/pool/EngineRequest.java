package dev.sparkjobs.pool;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What a pool asks a provider for: an engine of this id and profile, ready within the timeout.
 *
 * @param tenant the tenant the engine is launched for, when the launch is a requester's (a warm
 *        engine launched for the pool's minimum has none); Kubernetes puts it in the tenant's namespace
 */
public record EngineRequest(String engineId, String pool, ClusterProfile profile, Duration launchTimeout, Optional<String> tenant)
{
    public EngineRequest(String engineId, String pool, ClusterProfile profile, Duration launchTimeout)
    {
        this(engineId, pool, profile, launchTimeout, Optional.empty());
    }

    public EngineRequest
    {
        requireNonNull(tenant, "tenant is null");
        requireNonNull(engineId, "engineId is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(profile, "profile is null");
        requireNonNull(launchTimeout, "launchTimeout is null");
    }
}
