package dev.sparkjobs.planner.validation;

import static java.util.Objects.requireNonNull;

/**
 * Every way a definition can be wrong, each with the SQLSTATE a client sees (PostgreSQL's codes
 * where one fits). The SQLSTATE is for the wire; code inside the gateway switches on the constant.
 */
public enum ModelError
{
    /** A blank or otherwise unusable name of a job, stream, pool, column or constraint. */
    INVALID_NAME("42602"),
    /** A {@code WITH} key that is not known for this kind of object (PostgreSQL: unrecognized parameter). */
    UNKNOWN_OPTION("42704"),
    /** A {@code WITH} value of the wrong form: a number, size, duration, boolean or choice. */
    INVALID_OPTION_VALUE("22023"),
    /** A cron expression, time zone or path that cannot schedule anything. */
    INVALID_SCHEDULE("22023"),
    /** An interval or count that must be positive (or not negative) and is not. */
    INVALID_INTERVAL("22023"),
    /** Clauses that do not make sense together: EMIT FINAL without a watermark, an empty body, ... */
    INVALID_DEFINITION("42P17"),
    /** A column named by WATERMARK or WINDOW ... ON that the stream does not declare. */
    UNDEFINED_COLUMN("42703"),
    /** A column of the wrong type for its role: a window or watermark on a non-timestamp column. */
    DATATYPE_MISMATCH("42804"),
    /** {@code AFTER} names a job that does not exist. */
    UNDEFINED_JOB("42704"),
    /** A job that depends on itself, directly or through others. */
    DEPENDENCY_CYCLE("42P17");

    private final String sqlState;

    ModelError(String sqlState)
    {
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
    }

    public String sqlState()
    {
        return sqlState;
    }
}
