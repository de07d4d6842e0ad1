package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

/**
 * A stream that cannot run as asked, with the SQLSTATE a client sees: {@code 0A000} for what the
 * runtime does not support, {@code 42704} for an unknown stream, {@code 55000} for a stream in the
 * wrong state, {@code 58000} when Spark refused to start it.
 */
public final class StreamRuntimeException
        extends RuntimeException
{
    private final String sqlState;

    public StreamRuntimeException(String sqlState, String message, Throwable cause)
    {
        super(message, cause);
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
    }

    public String sqlState()
    {
        return sqlState;
    }
}
