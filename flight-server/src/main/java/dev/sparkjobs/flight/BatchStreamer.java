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

    private final ResultStream result;
    private final BufferAllocator allocator;
    private final ServerStreamListener listener;
    private final Runnable cancel;

    BatchStreamer(ResultStream result, BufferAllocator allocator, ServerStreamListener listener, Runnable cancel)
    {
        this.result = requireNonNull(result, "result is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.cancel = requireNonNull(cancel, "cancel is null");
    }

    void run()
            throws SqlServiceException
    {
        BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
        backpressure.register(listener);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(result.schema(), allocator)) {
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
