package dev.sparkjobs.bench;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One result fetched by a client: what arrived and how long it took.
 *
 * @param rows rows received
 * @param bytes Arrow buffer bytes received (validity, offsets and values of every column)
 * @param batches record batches received
 * @param nanos from the request to the end of the last stream
 * @param serverCpuNanos CPU time the server process used meanwhile (all its threads), -1 if unknown
 * @param clientCpuNanos CPU time this process used meanwhile, -1 if unknown
 * @param checksum an order-insensitive hash of every value, when asked for (it costs client time,
 *        so measured iterations do without)
 */
record Fetch(long rows, long bytes, long batches, long nanos, long serverCpuNanos, long clientCpuNanos, OptionalLong checksum)
{
    double seconds()
    {
        return nanos / 1e9;
    }

    double rowsPerSecond()
    {
        return rows / seconds();
    }

    /** Megabytes (10^6 bytes) of Arrow buffers per second. */
    double megabytesPerSecond()
    {
        return bytes / 1e6 / seconds();
    }

    /** CPU seconds the server used for this fetch, or NaN when unknown. */
    double serverCpuSeconds()
    {
        return serverCpuNanos < 0 ? Double.NaN : serverCpuNanos / 1e9;
    }

    /** CPU seconds the client used for this fetch, or NaN when unknown. */
    double clientCpuSeconds()
    {
        return clientCpuNanos < 0 ? Double.NaN : clientCpuNanos / 1e9;
    }

    /** Counts what a client reads from one or more streams, as fast as the client can read. */
    static final class Counter
    {
        private final List<ProcessHandle> servers;
        private final long startedNanos;
        private final long serverCpuAtStart;
        private final long clientCpuAtStart;
        private final boolean checksum;
        private long rows;
        private long bytes;
        private long batches;
        private long hash;

        /** Starts the clocks: wall time, and the CPU time of the server process and of this one. */
        Counter(ProcessHandle server, boolean checksum)
        {
            this(List.of(server), checksum);
        }

        /** As above, the server's CPU time being the sum over several processes (a gateway and its engines). */
        Counter(List<ProcessHandle> servers, boolean checksum)
        {
            this.servers = List.copyOf(servers);
            this.checksum = checksum;
            this.serverCpuAtStart = cpuNanos(this.servers);
            this.clientCpuAtStart = cpuNanos(ProcessHandle.current());
            this.startedNanos = System.nanoTime();
        }

        void drain(FlightStream stream)
        {
            VectorSchemaRoot root = stream.getRoot();
            while (stream.next()) {
                int count = root.getRowCount();
                rows += count;
                batches++;
                List<FieldVector> vectors = root.getFieldVectors();
                for (int column = 0; column < vectors.size(); column++) {
                    FieldVector vector = vectors.get(column);
                    bytes += vector.getBufferSize();
                    if (checksum) {
                        long weight = 2L * column + 1;
                        for (int row = 0; row < count; row++) {
                            hash += weight * mix(vector.hashCode(row));
                        }
                    }
                }
            }
        }

        Fetch finish()
        {
            long nanos = System.nanoTime() - startedNanos;
            long serverCpu = cpuNanos(servers);
            long clientCpu = cpuNanos(ProcessHandle.current());
            return new Fetch(rows, bytes, batches, nanos,
                    serverCpu < 0 || serverCpuAtStart < 0 ? -1 : serverCpu - serverCpuAtStart,
                    clientCpu < 0 || clientCpuAtStart < 0 ? -1 : clientCpu - clientCpuAtStart,
                    checksum ? OptionalLong.of(hash) : OptionalLong.empty());
        }

        /** The processes' CPU time so far, summed; -1 when the OS does not tell for one of them. */
        private static long cpuNanos(List<ProcessHandle> processes)
        {
            long sum = 0;
            for (ProcessHandle process : processes) {
                long nanos = cpuNanos(process);
                if (nanos < 0) {
                    return -1;
                }
                sum += nanos;
            }
            return sum;
        }

        /** A process's CPU time so far (all threads, user and system), -1 where the OS does not tell. */
        private static long cpuNanos(ProcessHandle process)
        {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        }

        private static long mix(int value)
        {
            long z = value * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            return z ^ (z >>> 31);
        }
    }
}
