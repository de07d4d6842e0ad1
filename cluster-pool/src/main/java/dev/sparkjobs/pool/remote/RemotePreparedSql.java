package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sparkjobs.flight.EngineProtocol;
import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelFlightInfoResult;
import org.apache.arrow.flight.CancelStatus;
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
    /** The engine's own answer for the last direct result handed out: its ticket names the statement there. */
    private volatile FlightInfo direct;

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
        direct = info;
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

    /** Cancels the last direct result at the engine, with the engine's own ticket (the client holds a signed copy). */
    @Override
    public boolean cancelDirect()
            throws SqlServiceException
    {
        FlightInfo info = direct;
        if (info == null) {
            return false;
        }
        CancelFlightInfoResult result = session.call(() -> session.client().sql().cancelFlightInfo(new CancelFlightInfoRequest(info),
                session.options(Optional.empty())));
        return result.getStatus() == CancelStatus.CANCELLED;
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
