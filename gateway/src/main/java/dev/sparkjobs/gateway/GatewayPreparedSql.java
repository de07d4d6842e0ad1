package dev.sparkjobs.gateway;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.sql.StatementKind;
import java.time.Duration;
import java.util.Optional;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** An engine statement with the gateway's accounting around each execution. */
final class GatewayPreparedSql
        implements PreparedSql
{
    private final PreparedSql delegate;
    private final StatementKind kind;
    private final GatewayMetrics metrics;
    private final SessionRegistry.Entry session;
    private final java.time.Clock clock;

    GatewayPreparedSql(PreparedSql delegate, StatementKind kind, GatewayMetrics metrics, SessionRegistry.Entry session, java.time.Clock clock)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.kind = requireNonNull(kind, "kind is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.session = requireNonNull(session, "session is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Schema schema()
    {
        return delegate.schema();
    }

    @Override
    public String sql()
    {
        return delegate.sql();
    }

    @Override
    public Optional<FlightEndpoint> directEndpoint(Duration lifetime, boolean handOver)
            throws SqlServiceException
    {
        return delegate.directEndpoint(lifetime, handOver);
    }

    @Override
    public boolean cancelDirect(Ticket ticket)
            throws SqlServiceException
    {
        return delegate.cancelDirect(ticket);
    }

    @Override
    public ResultStream fetchDirect(Ticket ticket, String operationId, BufferAllocator allocator)
            throws SqlServiceException
    {
        return delegate.fetchDirect(ticket, operationId, allocator);
    }

    @Override
    public ResultStream executeQuery(String operationId, BufferAllocator allocator)
            throws SqlServiceException
    {
        long start = System.nanoTime();
        metrics.activeOperations().incrementAndGet();
        session.operationStarted(clock.instant());
        try {
            return new CountingStream(delegate.executeQuery(operationId, allocator), start);
        }
        catch (SqlServiceException e) {
            finish(start, outcome(e));
            throw e;
        }
    }

    @Override
    public long executeUpdate(String operationId)
            throws SqlServiceException
    {
        long start = System.nanoTime();
        metrics.activeOperations().incrementAndGet();
        session.operationStarted(clock.instant());
        String outcome = "error";
        try {
            long count = delegate.executeUpdate(operationId);
            outcome = "success";
            return count;
        }
        catch (SqlServiceException e) {
            outcome = outcome(e);
            throw e;
        }
        finally {
            finish(start, outcome);
        }
    }

    @Override
    public void close()
    {
        delegate.close();
    }

    private void finish(long start, String outcome)
    {
        metrics.activeOperations().decrementAndGet();
        session.operationEnded(clock.instant());
        metrics.statement(kind, outcome, Duration.ofNanos(System.nanoTime() - start));
    }

    private static String outcome(SqlServiceException e)
    {
        return e.sqlState().equals(SqlServiceException.QUERY_CANCELED) ? "cancelled" : "error";
    }

    private final class CountingStream
            implements ResultStream
    {
        private final ResultStream delegate;
        private final long start;
        private String outcome = "cancelled";
        private boolean closed;

        CountingStream(ResultStream delegate, long start)
        {
            this.delegate = delegate;
            this.start = start;
        }

        @Override
        public Schema schema()
        {
            return delegate.schema();
        }

        @Override
        public ArrowRecordBatch next()
                throws SqlServiceException
        {
            try {
                ArrowRecordBatch batch = delegate.next();
                if (batch == null) {
                    outcome = "success";
                }
                else {
                    metrics.sent(batch.getLength(), batch.computeBodyLength());
                }
                return batch;
            }
            catch (SqlServiceException e) {
                outcome = outcome(e);
                throw e;
            }
        }

        @Override
        public void close()
        {
            if (!closed) {
                closed = true;
                delegate.close();
                finish(start, outcome);
            }
        }
    }
}
