package dev.sparkjobs.flight;

import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A result as a stream of Arrow record batches, produced as the engine computes them. Closing it
 * before the end cancels the remaining work.
 */
public interface ResultStream
        extends AutoCloseable
{
    Schema schema();

    /**
     * The next batch, allocated from the allocator the stream was opened with, or {@code null}
     * at the end. The caller closes each batch.
     */
    ArrowRecordBatch next()
            throws SqlServiceException;

    @Override
    void close();
}
