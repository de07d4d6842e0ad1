package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.gateway.metastore.RunState;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An attempt in flight: the engine session and operation its statements run under (one Spark job
 * group per attempt, so a cancel reaches the executors), and why it is being stopped, if it is.
 */
final class ActiveRun
{
    private final String runId;
    private final String jobName;
    private final String operationId;
    private final AtomicReference<RunState> stopReason = new AtomicReference<>();
    private volatile SqlSession session;

    ActiveRun(String runId, String jobName, int attempt)
    {
        this.runId = requireNonNull(runId, "runId is null");
        this.jobName = requireNonNull(jobName, "jobName is null");
        this.operationId = "run-" + runId + "-" + attempt;
    }

    String runId()
    {
        return runId;
    }

    String jobName()
    {
        return jobName;
    }

    String operationId()
    {
        return operationId;
    }

    void attach(SqlSession engineSession)
    {
        this.session = engineSession;
        if (stopReason.get() != null) {
            engineSession.cancel(operationId);
        }
    }

    /** Stops the attempt's Spark work; the attempt ends in {@code reason} (CANCELLED or TIMED_OUT). */
    void stop(RunState reason)
    {
        if (stopReason.compareAndSet(null, reason)) {
            SqlSession current = session;
            if (current != null) {
                current.cancel(operationId);
            }
        }
    }

    Optional<RunState> stopReason()
    {
        return Optional.ofNullable(stopReason.get());
    }
}
