package dev.sparkjobs.flight;

import java.time.Duration;
import java.util.Optional;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.Ticket;
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

    /**
     * Where a client can fetch this statement's result straight from the engine that runs it: the
     * engine's location and a ticket signed for it ({@link SignedTickets}). Empty when the
     * statement runs in this process (the embedded engine).
     *
     * @param lifetime how long the ticket may be redeemed
     * @param handOver whether the engine takes the statement over: it closes it after the one
     *        fetch (or when the ticket expires unused), and closing this object no longer touches it
     */
    default Optional<FlightEndpoint> directEndpoint(Duration lifetime, boolean handOver)
            throws SqlServiceException
    {
        return Optional.empty();
    }

    /**
     * Cancels the work behind a direct result this statement handed out ({@link #directEndpoint};
     * {@code ticket} is the endpoint's), where it runs: a client's {@code CancelFlightInfo} with the
     * engine's endpoint, sent to the gateway.
     *
     * @return whether the work was found there and cancelled
     */
    default boolean cancelDirect(Ticket ticket)
            throws SqlServiceException
    {
        return false;
    }

    /**
     * Fetches a direct result this statement handed out ({@code ticket} is the endpoint's) from
     * where it runs, for the gateway to relay: a client that cannot reach the engine fetches from
     * the endpoint's second location, the gateway.
     */
    default ResultStream fetchDirect(Ticket ticket, String operationId, BufferAllocator allocator)
            throws SqlServiceException
    {
        throw new SqlServiceException(SqlServiceException.FEATURE_NOT_SUPPORTED, "this statement hands out no direct results");
    }

    @Override
    default void close() {}
}
