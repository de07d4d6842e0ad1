package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** {@code TRIGGER PROCESSING TIME interval | AVAILABLE NOW}: Spark's micro-batch triggers. */
public sealed interface Trigger
        permits Trigger.ProcessingTime, Trigger.AvailableNow
{
    record ProcessingTime(Duration interval)
            implements Trigger
    {
        public ProcessingTime
        {
            requireNonNull(interval, "interval is null");
        }
    }

    record AvailableNow()
            implements Trigger {}
}
