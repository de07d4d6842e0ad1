package dev.sparkjobs.pool;

import java.time.Instant;
import java.util.Optional;

/**
 * One engine as {@code system.engines} shows it; absent values are SQL NULLs. {@code readyAt} is
 * when its launch finished (empty while it starts): {@code readyAt - startedAt} is its launch time.
 */
public record EngineRow(
        String engineId,
        String pool,
        String provider,
        String shareLevel,
        Optional<String> shareKey,
        String state,
        Optional<String> sparkVersion,
        Optional<String> sparkAppId,
        Optional<String> sparkUiUrl,
        Optional<String> flightEndpoint,
        Instant startedAt,
        Optional<Instant> lastUsedAt,
        int leasesActive,
        long leasesTotal,
        int executors,
        int cores,
        long memoryBytes,
        Optional<Instant> readyAt) {}
