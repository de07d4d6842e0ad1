package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The ceiling P1 is measured against: a plain Arrow Flight server on loopback that streams batches
 * built once and held in memory, written the way a Flight server is meant to be written (zero-copy
 * writes, callback backpressure, the stream off the gRPC thread), exactly as the gateway's
 * {@code BatchStreamer} sends. It runs as a JVM of its own, like the gateway, started by
 * {@link BareServerProcess}:
 *
 * <pre>java ... dev.sparkjobs.bench.BareFlightServer SCHEMA_FILE ROWS BATCH_ROWS</pre>
 *
 * It prints {@code READY <port>} once it listens, and stops when its standard input closes.
 */
public final class BareFlightServer
{
    static final String READY = "READY ";
    static final byte[] TICKET = "all".getBytes(StandardCharsets.UTF_8);

    private BareFlightServer()
    {
    }

    public static void main(String[] args)
            throws Exception
    {
        if (args.length != 3) {
            System.err.println("usage: BareFlightServer SCHEMA_FILE ROWS BATCH_ROWS");
            System.exit(2);
        }
        Schema schema = Schema.deserializeMessage(ByteBuffer.wrap(Files.readAllBytes(Path.of(args[0]))));
        long rows = Long.parseLong(args[1]);
        int batchRows = Integer.parseInt(args[2]);
        try (BufferAllocator allocator = new RootAllocator();
                GeneratedBatches data = GeneratedBatches.generate(schema, rows, batchRows, allocator);
                InMemoryProducer producer = new InMemoryProducer(data, allocator);
                FlightServer server = FlightServer.builder(allocator, Location.forGrpcInsecure("127.0.0.1", 0), producer).build()) {
            server.start();
            System.out.println(READY + server.getPort());
            System.out.flush();
            awaitEndOfInput(System.in);
            server.shutdown();
            server.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitEndOfInput(InputStream in)
            throws IOException
    {
        byte[] ignored = new byte[256];
        while (in.read(ignored) >= 0) {
            // the harness holds our standard input open while it needs us
        }
    }

    /** Serves one flight, every batch of the data, to any ticket. */
    static final class InMemoryProducer
            extends NoOpFlightProducer
            implements AutoCloseable
    {
        private static final long WAIT_MILLIS = 30 * 60 * 1000L;

        private final GeneratedBatches data;
        private final BufferAllocator allocator;
        private final ExecutorService streams = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "bare-flight-stream");
            thread.setDaemon(true);
            return thread;
        });

        InMemoryProducer(GeneratedBatches data, BufferAllocator allocator)
        {
            this.data = requireNonNull(data, "data is null");
            this.allocator = requireNonNull(allocator, "allocator is null");
        }

        @Override
        public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor)
        {
            return new FlightInfo(data.schema(), descriptor, List.of(new FlightEndpoint(new Ticket(TICKET))), data.bytes(), data.rows());
        }

        @Override
        public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener)
        {
            // gRPC delivers the call's readiness callbacks on the calling thread: wait elsewhere.
            streams.execute(() -> stream(listener));
        }

        private void stream(ServerStreamListener listener)
        {
            BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
            backpressure.register(listener);
            try (VectorSchemaRoot root = VectorSchemaRoot.create(data.schema(), allocator)) {
                listener.setUseZeroCopy(true);
                listener.start(root);
                VectorLoader loader = new VectorLoader(root);
                for (ArrowRecordBatch batch : data.batches()) {
                    loader.load(batch);
                    if (backpressure.waitForListener(WAIT_MILLIS) != BackpressureStrategy.WaitResult.READY) {
                        listener.error(CallStatus.CANCELLED.withDescription("the client went away").toRuntimeException());
                        return;
                    }
                    listener.putNext();
                }
                listener.completed();
            }
            catch (RuntimeException e) {
                listener.error(CallStatus.INTERNAL.withDescription(e.toString()).withCause(e).toRuntimeException());
            }
        }

        @Override
        public void close()
        {
            streams.shutdownNow();
        }
    }
}
