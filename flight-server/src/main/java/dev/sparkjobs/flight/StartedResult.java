package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A result whose work has started and whose first batch (or end) is already here, waiting for the
 * client's fetch ({@link EngineProtocol#ACTION_START}): the engine keeps computing the rest
 * meanwhile, so streaming is not held up. Until the fetch comes, the result belongs to the
 * statement that started it; closing it cancels the work.
 */
final class StartedResult
        implements ResultStream
{
    private final ResultStream delegate;
    private final String operationId;
    private final long deadlineNanos;
    private ArrowRecordBatch first;
    private boolean firstTaken;
    private boolean closed;

    private StartedResult(ResultStream delegate, String operationId, long deadlineNanos, ArrowRecordBatch first)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.operationId = requireNonNull(operationId, "operationId is null");
        this.deadlineNanos = deadlineNanos;
        this.first = first;
    }

    /** Waits for the result's first batch (or its end); closes the result if that fails. */
    static StartedResult start(ResultStream result, String operationId, long deadlineNanos)
            throws SqlServiceException
    {
        try {
            return new StartedResult(result, operationId, deadlineNanos, result.next());
        }
        catch (SqlServiceException | RuntimeException | Error e) {
            result.close();
            throw e;
        }
    }

    String operationId()
    {
        return operationId;
    }

    boolean expired(long nowNanos)
    {
        return deadlineNanos - nowNanos < 0;
    }

    @Override
    public Schema schema()
    {
        return delegate.schema();
    }

    @Override
    public synchronized ArrowRecordBatch next()
            throws SqlServiceException
    {
        if (!firstTaken) {
            firstTaken = true;
            ArrowRecordBatch batch = first;
            first = null;
            if (batch == null) {
                // the result was empty: its end came first
                return null;
            }
            return batch;
        }
        return delegate.next();
    }

    @Override
    public synchronized void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        if (first != null) {
            first.close();
            first = null;
        }
        delegate.close();
    }
}
