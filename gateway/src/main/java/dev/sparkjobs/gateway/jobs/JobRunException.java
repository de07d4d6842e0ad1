package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;

/** An attempt that failed for a reason of the job manager's own, with the error class its run records. */
class JobRunException
        extends SqlServiceException
{
    /** A {@code CONSTRAINT ... EXPECT ... ON VIOLATION FAIL} had violating rows. */
    static final String EXPECTATION_FAILED = "EXPECTATION_FAILED";
    /** {@code RUN JOB ... SAMPLE} met a statement it cannot redirect safely. */
    static final String SAMPLE_UNSUPPORTED = "SAMPLE_UNSUPPORTED";

    private final String errorClass;

    JobRunException(String errorClass, String sqlState, String message)
    {
        super(sqlState, message);
        this.errorClass = requireNonNull(errorClass, "errorClass is null");
    }

    String errorClass()
    {
        return errorClass;
    }
}
