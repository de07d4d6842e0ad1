package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Sends a result stream to a Flight client batch by batch, as the engine produces them: zero-copy
 * writes, and no more than the transport's window in flight (backpressure), so a result larger
 * than the heap passes through in constant memory. A client that goes away cancels the work.
 */
final class BatchStreamer
{
    private static final long WAIT_MILLIS = 30 * 60 * 1000L;

    /** Starts the work whose result is streamed. */
    @FunctionalInterface
    interface ResultOpener
    {
        ResultStream open()
                throws SqlServiceException;
    }

    private final BufferAllocator allocator;
    private final ServerStreamListener listener;
    private final Runnable cancel;

    BatchStreamer(BufferAllocator allocator, ServerStreamListener listener, Runnable cancel)
    {
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.cancel = requireNonNull(cancel, "cancel is null");
    }

    void run(ResultOpener opener)
            throws SqlServiceException
    {
        // A client that cancels its call (the JDBC driver's Statement.cancel does) stops the engine
        // at once, not when the next batch is ready: that may be minutes away, and opening the
        // result may itself run most of the work (adaptive execution runs the shuffle stages
        // then). So the hook is in place before the result is opened.
        BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy()
        {
            @Override
            protected void cancelCallback()
            {
                cancel.run();
            }
        };
        backpressure.register(listener);
        if (listener.isCancelled()) {
            return;
        }
        try (ResultStream result = opener.open();
                VectorSchemaRoot root = VectorSchemaRoot.create(result.schema(), allocator)) {
            listener.setUseZeroCopy(true);
            listener.start(root);
            VectorLoader loader = new VectorLoader(root);
            for (ArrowRecordBatch next = result.next(); next != null; next = result.next()) {
                try (ArrowRecordBatch batch = next) {
                    loader.load(batch);
                }
                BackpressureStrategy.WaitResult waited = backpressure.waitForListener(WAIT_MILLIS);
                if (waited != BackpressureStrategy.WaitResult.READY) {
                    cancel.run();
                    if (waited == BackpressureStrategy.WaitResult.TIMEOUT) {
                        listener.error(CallStatus.TIMED_OUT.withDescription("[SQLSTATE HYT00] the client stopped reading the result").toRuntimeException());
                    }
                    return;
                }
                listener.putNext();
            }
            listener.completed();
        }
    }
}
