package dev.sparkjobs.gateway.metastore;

/** What made a run: its schedule, a person, upstream jobs, a file, a backfill, a missed fire, a RETRY LAST, a test run. */
public enum TriggerKind
{
    SCHEDULE, MANUAL, UPSTREAM, FILE_ARRIVAL, BACKFILL, CATCH_UP, RETRY_LAST,
    /** {@code RUN JOB ... SAMPLE n ROWS}: test mode, sampled inputs and scratch outputs. */
    SAMPLE
}
