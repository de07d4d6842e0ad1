package dev.sparkjobs.flight;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** A statement parsed and analysed once, runnable many times. */
public interface PreparedSql
        extends AutoCloseable
{
    /** The result schema; no fields for a statement that returns no rows (most DDL and DML). */
    Schema schema();

    /** The statement as it reached the engine (after any translation of the extended grammar). */
    String sql();

    /** Runs the statement and streams its result; the caller closes the stream. */
    ResultStream executeQuery(String operationId, BufferAllocator allocator)
            throws SqlServiceException;

    /** Runs the statement for its effect; returns the affected row count, or -1 when unknown. */
    long executeUpdate(String operationId)
            throws SqlServiceException;

    @Override
    default void close() {}
}
