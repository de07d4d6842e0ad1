package dev.sparkjobs.gateway.metastore;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/** One attempt of a run, kept after the run moves on to the next. */
public record RunAttempt(
        String runId,
        int attempt,
        RunState state,
        Instant queuedAt,
        Optional<Instant> engineAcquiredAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        OptionalLong rowsWritten,
        OptionalLong bytesWritten,
        Optional<String> sparkAppId,
        Optional<String> sparkUiUrl,
        Optional<String> errorClass,
        Optional<String> errorMessage,
        Optional<String> logLocation,
        Optional<RunMetrics> metrics,
        Optional<String> expectations) {}
