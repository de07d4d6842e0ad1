package dev.sparkjobs.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One job run as the gateway's {@code system.job_runs} shows it.
 *
 * @param state PENDING, QUEUED, ACQUIRING_ENGINE, RUNNING, or a final state: SUCCEEDED, FAILED,
 *        CANCELLED, SKIPPED, UPSTREAM_FAILED, TIMED_OUT
 * @param attempt the attempt under way or last made (retries count up from 1)
 */
public record JobRunProgress(
        String runId,
        String job,
        String state,
        int attempt,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        long rowsWritten,
        Optional<String> errorClass,
        Optional<String> errorMessage)
{
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "SKIPPED", "UPSTREAM_FAILED", "TIMED_OUT");

    public JobRunProgress
    {
        requireNonNull(runId, "runId is null");
        requireNonNull(job, "job is null");
        requireNonNull(state, "state is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(errorClass, "errorClass is null");
        requireNonNull(errorMessage, "errorMessage is null");
    }

    /** Whether the run has reached a final state. */
    public boolean finished()
    {
        return FINAL.contains(state);
    }
}
