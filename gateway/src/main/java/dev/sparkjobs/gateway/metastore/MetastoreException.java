package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

/** A metadata operation that was refused or failed; {@link #error()} says which way. */
public final class MetastoreException
        extends RuntimeException
{
    private final MetastoreError error;

    public MetastoreException(MetastoreError error, String message)
    {
        this(error, message, null);
    }

    public MetastoreException(MetastoreError error, String message, Throwable cause)
    {
        super(requireNonNull(message, "message is null"), cause);
        this.error = requireNonNull(error, "error is null");
    }

    public MetastoreError error()
    {
        return error;
    }

    public String sqlState()
    {
        return error.sqlState();
    }
}
