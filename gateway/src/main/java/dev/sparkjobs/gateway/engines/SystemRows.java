package dev.sparkjobs.gateway.engines;

import dev.sparkjobs.gateway.metastore.ModelJson;
import dev.sparkjobs.gateway.metastore.Stored;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.pool.EngineRow;
import dev.sparkjobs.pool.LaunchPhase;
import dev.sparkjobs.pool.PoolConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Rows of {@code system.engines} and {@code system.pools}, in the column order of {@code SystemTables}. */
final class SystemRows
{
    private SystemRows() {}

    static Object[] engine(EngineRow row, String pool, Optional<LaunchPhase> phase, Instant now)
    {
        return engine(row, pool, phase, now, Optional.empty(), Optional.empty());
    }

    /** An engine with where it runs: its cluster and pod ({@code namespace/name}) on Kubernetes. */
    static Object[] engine(EngineRow row, String pool, Optional<LaunchPhase> phase, Instant now, Optional<String> cluster, Optional<String> pod)
    {
        return new Object[] {row.engineId(), pool, row.provider(), row.shareLevel(), row.shareKey().orElse(null), row.state(),
                row.sparkVersion().orElse(null), row.sparkAppId().orElse(null), row.sparkUiUrl().orElse(null), row.flightEndpoint().orElse(null),
                row.startedAt(), row.lastUsedAt().orElse(null), row.leasesActive(), row.leasesTotal(), row.executors(), row.cores(), row.memoryBytes(),
                row.readyAt().orElse(null), row.readyAt().map(ready -> Duration.between(row.startedAt(), ready).toMillis()).orElse(null),
                Duration.between(row.startedAt(), now).toMillis(), phase.map(Enum::name).orElse(row.state().equals("STARTING") ? null : "READY"),
                cluster.orElse(null), pod.orElse(null)};
    }

    /**
     * One pool: its stored definition (absent for the configured default pool), its policy, and the
     * live state of its engines.
     */
    static Object[] pool(String name, Optional<Stored<Pool>> stored, PoolConfig config, String provider, List<EngineRow> engines, List<Duration> launchTimes)
    {
        long starting = engines.stream().filter(row -> row.state().equals("STARTING")).count();
        long idle = engines.stream().filter(row -> row.state().equals("IDLE")).count();
        long busy = engines.stream().filter(row -> row.state().equals("BUSY")).count();
        List<Long> millis = new ArrayList<>(launchTimes.stream().map(Duration::toMillis).toList());
        Long last = millis.isEmpty() ? null : millis.get(millis.size() - 1);
        millis.sort(null);
        Long median = millis.isEmpty() ? null : millis.get(millis.size() / 2);
        return new Object[] {name, stored.map(Stored::version).orElse(null), config.shareLevel().name(), config.minEngines(), config.maxEngines(),
                stored.map(pool -> ModelJson.write(pool.definition())).orElse(null), stored.flatMap(Stored::owner).orElse(null),
                stored.map(Stored::createdAt).orElse(null), stored.map(Stored::updatedAt).orElse(null), provider, config.maxEnginesPerTenant(),
                (int) (starting + idle + busy), (int) starting, (int) idle, (int) busy, (long) launchTimes.size(), last, median};
    }
}
