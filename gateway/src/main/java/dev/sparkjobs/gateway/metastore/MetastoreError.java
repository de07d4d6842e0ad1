package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

/** Every way a metadata operation can be refused, with the SQLSTATE a client sees. */
public enum MetastoreError
{
    /** Creating an object whose name is taken ({@code CREATE JOB} without OR REPLACE / IF NOT EXISTS). */
    DUPLICATE_OBJECT("42710"),
    /** Naming an object or run that does not exist. */
    UNDEFINED_OBJECT("42704"),
    /** A definition changed since it was read: another writer made a newer version first. */
    STALE_VERSION("40001"),
    /** A run asked to move to a state its current state does not lead to (SUCCEEDED to RUNNING). */
    ILLEGAL_TRANSITION("55000"),
    /** The database failed or is unreachable. */
    STORAGE_FAILURE("58000");

    private final String sqlState;

    MetastoreError(String sqlState)
    {
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
    }

    public String sqlState()
    {
        return sqlState;
    }
}
