package dev.sparkjobs.gateway;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.pool.ShareLevel;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the gateway runs statements ({@code engine.*} settings): the provider of its engines, and
 * the policy of its default pool (the pool of sessions, and of jobs without {@code IN POOL}).
 *
 * @param provider {@code embedded} (local Spark in the gateway's JVM, the default),
 *        {@code process} (child JVMs leased from pools) or {@code kubernetes} (driver pods leased
 *        from pools, {@code engine.kubernetes.*})
 * @param directResults with remote engines: Flight clients fetch a query's result straight from
 *        the engine ({@code false}: the gateway relays it)
 * @param shareLevel who shares an engine of the default pool
 * @param minEngines engines of the default pool kept running even when idle
 * @param maxEngines engines of the default pool at most
 * @param idleTimeout an idle engine above the minimum stops after this
 * @param startTimeout a launch, or a wait for a free engine, fails after this
 * @param warmAhead how long before a scheduled job fires its engine is started
 * @param driverMemoryBytes the heap of a process engine or a driver pod; empty for the default
 * @param kubernetes the {@code kubernetes} provider's settings, read only with that provider
 * @param classDataSharing {@code process} engines start from a class-data sharing archive of
 *        their classes, made once from the first engine's (see docs/engines.md)
 */
public record EngineSettings(
        String provider,
        boolean directResults,
        ShareLevel shareLevel,
        int minEngines,
        int maxEngines,
        Duration idleTimeout,
        Duration startTimeout,
        Duration warmAhead,
        Optional<Long> driverMemoryBytes,
        KubernetesSettings kubernetes,
        boolean classDataSharing)
{
    public static final String EMBEDDED = "embedded";
    public static final String PROCESS = "process";
    public static final String KUBERNETES = "kubernetes";

    public EngineSettings
    {
        requireNonNull(provider, "provider is null");
        requireNonNull(shareLevel, "shareLevel is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(startTimeout, "startTimeout is null");
        requireNonNull(warmAhead, "warmAhead is null");
        requireNonNull(driverMemoryBytes, "driverMemoryBytes is null");
        requireNonNull(kubernetes, "kubernetes is null");
    }

    /** Settings with the {@code kubernetes} provider's defaults. */
    public EngineSettings(String provider, boolean directResults, ShareLevel shareLevel, int minEngines, int maxEngines, Duration idleTimeout,
            Duration startTimeout, Duration warmAhead, Optional<Long> driverMemoryBytes)
    {
        this(provider, directResults, shareLevel, minEngines, maxEngines, idleTimeout, startTimeout, warmAhead, driverMemoryBytes, KubernetesSettings.defaults(), true);
    }

    public static EngineSettings defaults()
    {
        return new EngineSettings(EMBEDDED, true, ShareLevel.USER, 1, 8, Duration.ofMinutes(30), Duration.ofMinutes(3), Duration.ofMinutes(2), Optional.empty());
    }

    public boolean embedded()
    {
        return provider.equals(EMBEDDED);
    }

    /** Refuses settings that cannot work, naming the setting. */
    public EngineSettings validate()
    {
        if (!provider.equals(EMBEDDED) && !provider.equals(PROCESS) && !provider.equals(KUBERNETES)) {
            throw new IllegalArgumentException("engine.provider must be embedded, process or kubernetes, not '" + provider + "'");
        }
        if (provider.equals(KUBERNETES)) {
            kubernetes.validate();
        }
        if (minEngines < 0 || maxEngines < 1 || minEngines > maxEngines) {
            throw new IllegalArgumentException("need 0 <= engine.min-engines (" + minEngines + ") <= engine.max-engines (" + maxEngines + ")");
        }
        for (Duration duration : new Duration[] {idleTimeout, startTimeout}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("engine.idle-timeout and engine.start-timeout must be positive");
            }
        }
        if (warmAhead.isNegative()) {
            throw new IllegalArgumentException("engine.warm-ahead must not be negative (0 turns warming off)");
        }
        return this;
    }

    public EngineSettings withProvider(String value)
    {
        return new EngineSettings(value, directResults, shareLevel, minEngines, maxEngines, idleTimeout, startTimeout, warmAhead, driverMemoryBytes, kubernetes, classDataSharing);
    }

    public EngineSettings withDirectResults(boolean value)
    {
        return new EngineSettings(provider, value, shareLevel, minEngines, maxEngines, idleTimeout, startTimeout, warmAhead, driverMemoryBytes, kubernetes, classDataSharing);
    }

    public EngineSettings withShareLevel(ShareLevel value)
    {
        return new EngineSettings(provider, directResults, value, minEngines, maxEngines, idleTimeout, startTimeout, warmAhead, driverMemoryBytes, kubernetes, classDataSharing);
    }

    public EngineSettings withEngines(int min, int max)
    {
        return new EngineSettings(provider, directResults, shareLevel, min, max, idleTimeout, startTimeout, warmAhead, driverMemoryBytes, kubernetes, classDataSharing);
    }

    public EngineSettings withIdleTimeout(Duration value)
    {
        return new EngineSettings(provider, directResults, shareLevel, minEngines, maxEngines, value, startTimeout, warmAhead, driverMemoryBytes, kubernetes, classDataSharing);
    }

    public EngineSettings withStartTimeout(Duration value)
    {
        return new EngineSettings(provider, directResults, shareLevel, minEngines, maxEngines, idleTimeout, value, warmAhead, driverMemoryBytes, kubernetes, classDataSharing);
    }

    public EngineSettings withWarmAhead(Duration value)
    {
        return new EngineSettings(provider, directResults, shareLevel, minEngines, maxEngines, idleTimeout, startTimeout, value, driverMemoryBytes, kubernetes, classDataSharing);
    }

    public EngineSettings withKubernetes(KubernetesSettings value)
    {
        return new EngineSettings(provider, directResults, shareLevel, minEngines, maxEngines, idleTimeout, startTimeout, warmAhead, driverMemoryBytes, value, classDataSharing);
    }

    public EngineSettings withDriverMemory(long bytes)
    {
        return new EngineSettings(provider, directResults, shareLevel, minEngines, maxEngines, idleTimeout, startTimeout, warmAhead, Optional.of(bytes), kubernetes, classDataSharing);
    }

    public EngineSettings withClassDataSharing(boolean value)
    {
        return new EngineSettings(provider, directResults, shareLevel, minEngines, maxEngines, idleTimeout, startTimeout, warmAhead, driverMemoryBytes, kubernetes, value);
    }
}
