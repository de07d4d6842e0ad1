package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A run as stored. {@code attempt} is the current attempt (0 until the run is first queued); the
 * phase timestamps, engine, output, Spark metrics, expectation results and error are the current
 * attempt's.
 */
public record Run(
        String runId,
        String jobName,
        long jobVersion,
        TriggerKind trigger,
        Optional<Instant> logicalDate,
        Optional<Instant> scheduledAt,
        Optional<String> requestedBy,
        RunState state,
        long stateVersion,
        int attempt,
        Instant createdAt,
        Optional<Instant> queuedAt,
        Optional<Instant> engineAcquiredAt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        OptionalLong durationMillis,
        OptionalLong rowsWritten,
        OptionalLong bytesWritten,
        Optional<String> sparkAppId,
        Optional<String> sparkUiUrl,
        Optional<String> errorClass,
        Optional<String> errorMessage,
        Optional<String> logLocation,
        Optional<RunMetrics> metrics,
        Optional<String> expectations)
{
    public Run
    {
        requireNonNull(runId, "runId is null");
        requireNonNull(jobName, "jobName is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(state, "state is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(expectations, "expectations is null");
    }
}
