package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sparkjobs.flight.EngineProtocol;
import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelFlightInfoResult;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** A statement prepared on a remote engine (a Flight SQL prepared statement there). */
final class RemotePreparedSql
        implements PreparedSql
{
    private final RemoteSqlSession session;
    private final String sql;
    private final FlightSqlClient.PreparedStatement prepared;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean handedOver;

    RemotePreparedSql(RemoteSqlSession session, String sql, FlightSqlClient.PreparedStatement prepared)
    {
        this.session = requireNonNull(session, "session is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.prepared = requireNonNull(prepared, "prepared is null");
    }

    @Override
    public Schema schema()
    {
        return prepared.getResultSetSchema();
    }

    @Override
    public String sql()
    {
        return sql;
    }

    @Override
    public ResultStream executeQuery(String operationId, BufferAllocator allocator)
            throws SqlServiceException
    {
        Ticket ticket = session.call(() -> prepared.execute(session.options(Optional.of(operationId))))
                .getEndpoints().get(0).getTicket();
        FlightStream stream = session.call(() -> session.client().sql().getStream(ticket, session.options(Optional.of(operationId))));
        session.started(operationId, stream);
        return new RemoteResultStream(stream, schema(), allocator, session, operationId);
    }

    @Override
    public long executeUpdate(String operationId)
            throws SqlServiceException
    {
        return session.call(() -> prepared.executeUpdate(session.options(Optional.of(operationId))));
    }

    /**
     * The engine's endpoint for this statement, once the engine has started its result: the
     * engine answers {@link EngineProtocol#ACTION_START} when the first batch is ready, so a
     * failure of the work, or the engine's death while it computes (the long part of most
     * queries), fails this call with its SQLSTATE instead of the client's fetch with a bare
     * transport error. Spark keeps computing the rest while the client comes to fetch it.
     */
    @Override
    public Optional<FlightEndpoint> directEndpoint(Duration lifetime, boolean handOver)
            throws SqlServiceException
    {
        FlightInfo info = session.call(() -> prepared.execute(session.options(Optional.empty())));
        byte[] inner = info.getEndpoints().get(0).getTicket().getBytes();
        String handle;
        try {
            handle = Any.parseFrom(inner).unpack(CommandPreparedStatementQuery.class).getPreparedStatementHandle().toStringUtf8();
        }
        catch (InvalidProtocolBufferException e) {
            throw new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "the engine sent a ticket that is not a prepared statement's", e);
        }
        if (handOver) {
            session.action(new Action(EngineProtocol.ACTION_HAND_OVER, EngineProtocol.utf8(handle + "\n" + lifetime.toMillis())));
            handedOver = true;
        }
        EngineClient client = session.client();
        try {
            session.action(new Action(EngineProtocol.ACTION_START, EngineProtocol.utf8(handle + "\n" + lifetime.toMillis())));
        }
        catch (SqlServiceException e) {
            if (e.sqlState().startsWith("08")) {
                throw new SqlServiceException(e.sqlState(), e.vendorCode(), "engine " + client.location().getUri() + " went away while it ran the query: " + e.getMessage(), e);
            }
            throw e;
        }
        return Optional.of(new FlightEndpoint(client.tickets().sign(inner, lifetime), client.location()));
    }

    /** Cancels a direct result at the engine, with the engine's own ticket inside the signed one the client holds. */
    @Override
    public boolean cancelDirect(Ticket ticket)
            throws SqlServiceException
    {
        Ticket inner = new Ticket(session.client().tickets().verify(ticket));
        FlightInfo info = new FlightInfo(schema(), FlightDescriptor.command(new byte[0]), List.of(new FlightEndpoint(inner)), -1, -1);
        CancelFlightInfoResult result = session.call(() -> session.client().sql().cancelFlightInfo(new CancelFlightInfoRequest(info),
                session.options(Optional.empty())));
        return result.getStatus() == CancelStatus.CANCELLED;
    }

    /** Fetches a direct result from the engine for the gateway to relay (the engine serves it once, to whoever comes first). */
    @Override
    public ResultStream fetchDirect(Ticket ticket, String operationId, BufferAllocator allocator)
            throws SqlServiceException
    {
        Ticket inner = new Ticket(session.client().tickets().verify(ticket));
        FlightStream stream = session.call(() -> session.client().sql().getStream(inner, session.options(Optional.of(operationId))));
        session.started(operationId, stream);
        return new RemoteResultStream(stream, schema(), allocator, session, operationId);
    }

    @Override
    public void close()
    {
        if (handedOver || !closed.compareAndSet(false, true)) {
            return;
        }
        try {
            prepared.close(session.options(Optional.empty()));
        }
        catch (RuntimeException e) {
            // the engine is gone or already forgot it: nothing is left to close
        }
    }
}
