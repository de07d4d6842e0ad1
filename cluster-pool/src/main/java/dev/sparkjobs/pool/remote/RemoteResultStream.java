package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A result fetched from a remote engine, batch by batch as the engine streams it. Batches move to
 * the caller without a copy when its allocator shares the connection's root (the gateway passes
 * its own), and are copied otherwise.
 */
final class RemoteResultStream
        implements ResultStream
{
    private final FlightStream stream;
    private final Schema schema;
    private final BufferAllocator target;
    private final RemoteSqlSession session;
    private final String operationId;
    private boolean done;
    private boolean closed;

    RemoteResultStream(FlightStream stream, Schema schema, BufferAllocator target, RemoteSqlSession session, String operationId)
    {
        this.stream = requireNonNull(stream, "stream is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.target = requireNonNull(target, "target is null");
        this.session = requireNonNull(session, "session is null");
        this.operationId = requireNonNull(operationId, "operationId is null");
    }

    @Override
    public Schema schema()
    {
        return schema;
    }

    @Override
    public ArrowRecordBatch next()
            throws SqlServiceException
    {
        if (done) {
            return null;
        }
        try {
            if (!stream.next()) {
                done = true;
                return null;
            }
            ArrowRecordBatch batch = new VectorUnloader(stream.getRoot()).getRecordBatch();
            if (target.getRoot() == session.client().allocator().getRoot()) {
                return batch;
            }
            try (batch) {
                return copy(batch);
            }
        }
        catch (Throwable t) {
            done = true;
            throw session.translate(t);
        }
    }

    private ArrowRecordBatch copy(ArrowRecordBatch batch)
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), batch);
        return MessageSerializer.deserializeRecordBatch(new ReadChannel(Channels.newChannel(new ByteArrayInputStream(bytes.toByteArray()))), target);
    }

    @Override
    public void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        session.finished(operationId, stream);
        try {
            if (!done) {
                stream.cancel("the result was closed before its end", null);
            }
            stream.close();
        }
        catch (Exception e) {
            // a stream of a dead engine or a cancelled call has nothing left to release
        }
    }
}
