package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hive.service.rpc.thrift.TFetchOrientation;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusResp;
import org.apache.hive.service.rpc.thrift.THandleIdentifier;
import org.apache.hive.service.rpc.thrift.TOperationHandle;
import org.apache.hive.service.rpc.thrift.TOperationType;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRowSet;
import org.apache.hive.service.rpc.thrift.TTableSchema;

/**
 * One HiveServer2 operation: a statement or a metadata call, its state machine
 * ({@link OperationState}) and its result. The operation id doubles as the Spark job group, so that
 * cancelling the operation reaches the Spark tasks. Subclasses do the work and hold the result;
 * this class owns the state, the handle, the log and the rules for fetching.
 */
abstract class Operation
{
    private final Hs2Session session;
    private final Handles.Handle handle;
    private final TOperationType type;
    private final AtomicReference<OperationState> state = new AtomicReference<>(OperationState.PENDING);
    private final Object stateChanged = new Object();
    private final OperationLog log = new OperationLog();
    private final long createdMillis = System.currentTimeMillis();
    private volatile long startedMillis;
    private volatile long completedMillis;
    private volatile long lastAccessNanos = System.nanoTime();
    private volatile SqlServiceException failure;

    Operation(Hs2Session session, TOperationType type)
    {
        this.session = requireNonNull(session, "session is null");
        this.type = requireNonNull(type, "type is null");
        this.handle = Handles.create();
    }

    final Hs2Session session()
    {
        return session;
    }

    final UUID key()
    {
        return handle.key();
    }

    /** The id the engine knows the operation by: its Spark job group, and the HiveServer2 query id. */
    final String id()
    {
        return "hs2-" + handle.key();
    }

    final boolean matches(THandleIdentifier identifier)
    {
        return handle.matches(identifier);
    }

    final TOperationHandle toThrift()
    {
        return new TOperationHandle(handle.toThrift(), type, hasResultSet());
    }

    final OperationState state()
    {
        return state.get();
    }

    final OperationLog log()
    {
        return log;
    }

    /** Why the operation failed, once it is in ERROR or TIMED_OUT. */
    final Optional<SqlServiceException> failure()
    {
        return Optional.ofNullable(failure);
    }

    final void touch()
    {
        lastAccessNanos = System.nanoTime();
    }

    final long lastAccessNanos()
    {
        return lastAccessNanos;
    }

    /** Whether the operation produces rows; known from the moment it exists. */
    abstract boolean hasResultSet();

    /** Rows a statement changed, when the engine said. */
    OptionalLong modifiedRows()
    {
        return OptionalLong.empty();
    }

    abstract TTableSchema resultSetMetadata()
            throws SqlServiceException;

    /** The next rows; only called in state FINISHED. */
    protected abstract TRowSet fetchRows(int maxRows, boolean fromStart, TProtocolVersion protocol)
            throws SqlServiceException;

    /** Stops the engine work still running for this operation. */
    protected void stopWork()
    {
        session.sql().cancel(id());
    }

    /** Releases the result: Arrow buffers, the engine's result stream. Called once the operation is done. */
    protected abstract void release();

    // ---------------------------------------------------------------- state machine

    /** Moves to a state if the current one allows it; false otherwise. */
    protected final boolean moveTo(OperationState next)
    {
        while (true) {
            OperationState current = state.get();
            if (!current.canMoveTo(next)) {
                return false;
            }
            if (state.compareAndSet(current, next)) {
                long now = System.currentTimeMillis();
                if (next == OperationState.RUNNING) {
                    startedMillis = now;
                }
                else if (next.isDone() && !current.isDone()) {
                    completedMillis = now;
                }
                synchronized (stateChanged) {
                    stateChanged.notifyAll();
                }
                return true;
            }
        }
    }

    /** Records a failure; true if the operation was still running and is now in ERROR. */
    protected final boolean fail(SqlServiceException e)
    {
        failure = requireNonNull(e, "e is null");
        if (moveTo(OperationState.ERROR)) {
            log.add("Error: " + e.getMessage());
            return true;
        }
        return false;
    }

    /** Stops the work and drops the result; a no-op once the operation failed, was cancelled or closed. */
    final void cancel()
    {
        if (moveTo(OperationState.CANCELED)) {
            log.add("Cancelled");
            stopWork();
            release();
        }
    }

    final void timeOut(long seconds)
    {
        OperationState before = state.get();
        if (!before.isDone() && moveTo(OperationState.TIMED_OUT)) {
            failure = new SqlServiceException(SqlServiceException.QUERY_CANCELED, "the statement timed out after " + seconds + " s");
            log.add("Timed out after " + seconds + " s");
            stopWork();
            release();
        }
    }

    final void close()
    {
        OperationState before = state.get();
        if (moveTo(OperationState.CLOSED)) {
            if (!before.isDone()) {
                stopWork();
            }
            release();
        }
    }

    /** Waits until the operation's work is done, at most the given time. */
    final void awaitDone(long millis)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (stateChanged) {
            while (!state.get().isDone()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return;
                }
                stateChanged.wait(left);
            }
        }
    }

    // ---------------------------------------------------------------- client calls

    /** The engine's progress on this operation (its Spark stages and tasks), when it has any. */
    final java.util.Optional<dev.sparkjobs.flight.OperationProgress> progress()
    {
        return session().sql().progress(id());
    }

    final TGetOperationStatusResp status()
    {
        TGetOperationStatusResp response = new TGetOperationStatusResp(Hs2Errors.ok());
        OperationState current = state.get();
        response.setOperationState(current.toThrift());
        response.setOperationStarted(startedMillis == 0 ? createdMillis : startedMillis);
        if (current.isDone() && completedMillis > 0) {
            response.setOperationCompleted(completedMillis);
        }
        response.setHasResultSet(hasResultSet());
        modifiedRows().ifPresent(response::setNumModifiedRows);
        SqlServiceException error = failure;
        if (current == OperationState.ERROR && error != null) {
            response.setSqlState(error.sqlState());
            response.setErrorCode(error.vendorCode());
            response.setErrorMessage(error.getMessage());
        }
        else if (current == OperationState.TIMED_OUT && error != null) {
            response.setSqlState(error.sqlState());
            response.setErrorMessage(error.getMessage());
        }
        else if (current == OperationState.CANCELED) {
            response.setSqlState(SqlServiceException.QUERY_CANCELED);
            response.setErrorMessage("the statement was cancelled");
        }
        return response;
    }

    /**
     * Rows of the result (fetch type 0) or lines of the operation log (fetch type 1). A fetch
     * of a statement still running waits for it, as a synchronous execution would.
     */
    final TRowSet fetch(TFetchOrientation orientation, long maxRows, int fetchType, TProtocolVersion protocol)
            throws SqlServiceException
    {
        boolean fromStart = orientation == TFetchOrientation.FETCH_FIRST;
        if (orientation != TFetchOrientation.FETCH_NEXT && !fromStart) {
            throw new SqlServiceException("HY106", "fetch orientation " + orientation + " is not supported: use FETCH_NEXT or FETCH_FIRST");
        }
        int rows = (int) Math.max(0, Math.min(maxRows, Integer.MAX_VALUE));
        if (fetchType == 1) {
            return RowSets.strings(log.read(fromStart, rows == 0 ? OperationLog.MAX_LINES : rows), protocol);
        }
        if (fetchType != 0) {
            throw new SqlServiceException("HY106", "fetch type " + fetchType + " is not supported: use 0 (rows) or 1 (log)");
        }
        try {
            while (!state.get().isDone()) {
                awaitDone(1_000);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlServiceException(SqlServiceException.QUERY_CANCELED, "interrupted while waiting for the statement");
        }
        return switch (state.get()) {
            case FINISHED -> hasResultSet()
                    ? fetchRows(rows == 0 ? Hs2Service.DEFAULT_FETCH_SIZE : rows, fromStart, protocol)
                    : RowSets.empty(protocol);
            case ERROR -> throw failure;
            case CANCELED -> throw new SqlServiceException(SqlServiceException.QUERY_CANCELED, "the statement was cancelled");
            case TIMED_OUT -> throw failure;
            default -> throw Hs2Errors.invalidOperation();
        };
    }

    /** Fails for results that are gone or never came. */
    protected final void checkResultAvailable()
            throws SqlServiceException
    {
        switch (state.get()) {
            case ERROR -> throw failure;
            case CLOSED -> throw Hs2Errors.invalidOperation();
            default -> { }
        }
    }
}
