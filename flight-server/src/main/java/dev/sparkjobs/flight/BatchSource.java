package dev.sparkjobs.flight;

import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow batches sent by a client (bulk ingest), pulled one at a time. */
public interface BatchSource
{
    Schema schema();

    /** The next batch, or {@code null} at the end; the caller closes it. */
    ArrowRecordBatch next();
}
