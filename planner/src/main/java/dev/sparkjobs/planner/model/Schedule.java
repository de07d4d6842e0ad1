package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** When a job runs by itself: {@code SCHEDULE CRON | EVERY | ON FILE ARRIVAL | MANUAL}. */
public sealed interface Schedule
        permits Schedule.Cron, Schedule.Every, Schedule.FileArrival, Schedule.Manual
{
    /**
     * {@code SCHEDULE CRON 'expression' [TIME ZONE 'zone']}. The expression is kept as written: five
     * fields (Unix cron) or six to seven (Quartz, with seconds); without a zone the gateway's (UTC).
     */
    record Cron(String expression, Optional<String> timeZone)
            implements Schedule
    {
        public Cron
        {
            requireNonNull(expression, "expression is null");
            requireNonNull(timeZone, "timeZone is null");
        }
    }

    /** {@code SCHEDULE EVERY INTERVAL ...}. */
    record Every(Duration interval)
            implements Schedule
    {
        public Every
        {
            requireNonNull(interval, "interval is null");
        }
    }

    /** {@code SCHEDULE ON FILE ARRIVAL IN 'path/or/glob'}: each new file triggers one run. */
    record FileArrival(String path)
            implements Schedule
    {
        public FileArrival
        {
            requireNonNull(path, "path is null");
        }
    }

    /** {@code SCHEDULE MANUAL}, and the default: the job runs only by {@code RUN JOB} or upstream completion. */
    record Manual()
            implements Schedule {}

    Manual MANUAL = new Manual();
}
