package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The window of a continuous query ({@code WINDOW TUMBLING | HOPPING | SESSION (...)}), borrowed
 * from ksqlDB. A grace period, when given, is how long after a window's end late rows still count.
 */
public sealed interface Window
        permits Window.Tumbling, Window.Hopping, Window.Session, Window.CountTumbling
{
    /** True for windows over event time (all but count windows): they need a time column. */
    default boolean isTimeBased()
    {
        return !(this instanceof CountTumbling);
    }

    record Tumbling(Duration size, Optional<Duration> grace)
            implements Window
    {
        public Tumbling
        {
            requireNonNull(size, "size is null");
            requireNonNull(grace, "grace is null");
        }
    }

    record Hopping(Duration size, Duration advance, Optional<Duration> grace)
            implements Window
    {
        public Hopping
        {
            requireNonNull(size, "size is null");
            requireNonNull(advance, "advance is null");
            requireNonNull(grace, "grace is null");
        }
    }

    record Session(Duration gap, Optional<Duration> grace)
            implements Window
    {
        public Session
        {
            requireNonNull(gap, "gap is null");
            requireNonNull(grace, "grace is null");
        }
    }

    /** {@code WINDOW TUMBLING (SIZE n ROWS)}. */
    record CountTumbling(long rows)
            implements Window {}
}
