package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A run to create: the job (by name, at its current version), what triggered it, the logical date
 * it processes, the time it was scheduled for (what SLA FINISH WITHIN counts from), parameters.
 */
public record NewRun(String jobName, TriggerKind trigger, Optional<Instant> logicalDate, Optional<Instant> scheduledAt,
        Map<String, String> parameters, Optional<String> requestedBy)
{
    public NewRun
    {
        requireNonNull(jobName, "jobName is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(logicalDate, "logicalDate is null");
        requireNonNull(scheduledAt, "scheduledAt is null");
        parameters = Map.copyOf(parameters);
        requireNonNull(requestedBy, "requestedBy is null");
    }

    public static NewRun manual(String jobName, String user)
    {
        return new NewRun(jobName, TriggerKind.MANUAL, Optional.empty(), Optional.empty(), Map.of(), Optional.of(user));
    }
}
