package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code SLA FINISH WITHIN interval [OF SCHEDULED TIME]} (the run must finish this long after its
 * scheduled time) and {@code SLA MAX RUNTIME interval} (from start to finish). Either, both or none.
 */
public record Sla(Optional<Duration> finishWithin, Optional<Duration> maxRuntime)
{
    public static final Sla NONE = new Sla(Optional.empty(), Optional.empty());

    public Sla
    {
        requireNonNull(finishWithin, "finishWithin is null");
        requireNonNull(maxRuntime, "maxRuntime is null");
    }

    public boolean isEmpty()
    {
        return finishWithin.isEmpty() && maxRuntime.isEmpty();
    }
}
