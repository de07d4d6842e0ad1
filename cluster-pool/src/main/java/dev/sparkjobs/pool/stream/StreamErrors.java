package dev.sparkjobs.pool.stream;

import dev.sparkjobs.planner.validation.ModelError;
import dev.sparkjobs.planner.validation.ModelException;

/** The runtime's refusals, as the planner's SQLSTATE-carrying {@link ModelException}. */
final class StreamErrors
{
    private StreamErrors() {}

    static ModelException invalid(String stream, String clause, String detail)
    {
        return new ModelException(ModelError.INVALID_DEFINITION, "stream " + stream, clause, detail);
    }

    static StreamRuntimeException unsupported(String stream, String clause, String detail)
    {
        return new StreamRuntimeException("0A000", "stream " + stream + ", " + clause + ": " + detail, null);
    }
}
