package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import org.apache.hive.service.rpc.thrift.TOperationState;

/**
 * Where an operation is in its life. Every change goes through {@link #canMoveTo}: queued work
 * starts or is cancelled; running work finishes, fails, is cancelled or times out; a finished
 * result can still be cancelled (which stops what remains of it) and every state can be closed.
 */
enum OperationState
{
    PENDING(TOperationState.PENDING_STATE),
    RUNNING(TOperationState.RUNNING_STATE),
    FINISHED(TOperationState.FINISHED_STATE),
    ERROR(TOperationState.ERROR_STATE),
    CANCELED(TOperationState.CANCELED_STATE),
    TIMED_OUT(TOperationState.TIMEDOUT_STATE),
    CLOSED(TOperationState.CLOSED_STATE);

    private final TOperationState thrift;

    OperationState(TOperationState thrift)
    {
        this.thrift = requireNonNull(thrift, "thrift is null");
    }

    TOperationState toThrift()
    {
        return thrift;
    }

    /** True once the operation's work has stopped, whatever the outcome. */
    boolean isDone()
    {
        return this != PENDING && this != RUNNING;
    }

    boolean canMoveTo(OperationState next)
    {
        return switch (this) {
            case PENDING -> next == RUNNING || next == ERROR || next == CANCELED || next == TIMED_OUT || next == CLOSED;
            case RUNNING -> next == FINISHED || next == ERROR || next == CANCELED || next == TIMED_OUT || next == CLOSED;
            case FINISHED -> next == CANCELED || next == CLOSED;
            case ERROR, CANCELED, TIMED_OUT -> next == CLOSED;
            case CLOSED -> false;
        };
    }
}
