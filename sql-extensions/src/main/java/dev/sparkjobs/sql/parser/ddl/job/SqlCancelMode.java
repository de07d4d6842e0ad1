package dev.sparkjobs.sql.parser.ddl.job;

/** How {@code CANCEL RUN | JOB} stops work: let the current step finish, or kill it now. */
public enum SqlCancelMode
{
    GRACEFULLY, IMMEDIATELY
}
