package dev.sparkjobs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * P7: a gateway of its own with a small heap streams a result four times larger than that heap
 * (counted in Arrow buffer bytes received) over Flight SQL, while its heap in use is sampled
 * every 250 ms from its own {@code /metrics}. Bounded means: the fetch completes (no
 * OutOfMemoryError, the gateway still alive), and the heap stays flat: the high-water of the
 * second half of the fetch is at most 1.25 times that of the first half plus 64 MB.
 */
final class HeapFetchBenchmark
        implements Benchmark
{
    static final int MULTIPLE = 4;
    private static final long SAMPLE_MILLIS = 250;
    private static final int STRING_BYTES = 1000;
    /** Arrow bytes per row: the bigint, the string's bytes and offset, two validity bits. */
    private static final double ROW_BYTES = 8 + STRING_BYTES + 4 + 0.25;
    /** Result bytes per Spark partition: the engine's tasks each hold one partition's batches. */
    private static final long PARTITION_BYTES = 16L << 20;
    private static final double FLAT_FACTOR = 1.25;
    private static final long FLAT_SLACK = 64L << 20;

    private final String heap;

    HeapFetchBenchmark(String heap)
    {
        this.heap = heap;
    }

    @Override
    public void prestart(BenchContext context)
    {
        context.prestartGateway("heap-fetch", () -> GatewayProcess.start(context, "heap-fetch", Optional.of(heap)));
    }

    @Override
    public String id()
    {
        return "P7";
    }

    @Override
    public String what()
    {
        return "gateway heap high-water fetching a result 4x its heap (" + heap + ")";
    }

    @Override
    public String comparedWith()
    {
        return "heap size";
    }

    @Override
    public String goal()
    {
        return "bounded (no OOM, flat)";
    }

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        long heapBytes = bytes(heap);
        long targetBytes = MULTIPLE * heapBytes;
        long rows = (long) Math.ceil(targetBytes / ROW_BYTES);
        long partitions = Math.max(2, targetBytes / PARTITION_BYTES);
        String sql = sql(rows, partitions);
        List<long[]> samples = new ArrayList<>();
        Fetch fetch = null;
        String failure = null;
        boolean aliveAfter;
        long startNanos;
        long endNanos;
        try (GatewayProcess gateway = context.ownGateway("heap-fetch", () -> GatewayProcess.start(context, "heap-fetch", Optional.of(heap)))) {
            context.log("P7: fetching %s rows, about %.0f MB of Arrow buffers, from a gateway with a %s heap", Report.count(rows), targetBytes / 1e6, heap);
            AtomicBoolean sampling = new AtomicBoolean(true);
            long idleHeap = gateway.heapUsedBytes();
            Thread sampler = new Thread(() -> sample(gateway, sampling, samples), "p7-heap-sampler");
            sampler.setDaemon(true);
            startNanos = System.nanoTime();
            sampler.start();
            try (BufferAllocator allocator = new RootAllocator();
                    FlightSqlClient client = ConcurrencyBenchmark.client(allocator, gateway)) {
                Fetch.Counter counter = new Fetch.Counter(gateway.handle(), false);
                try {
                    FlightInfo info = client.execute(sql);
                    for (FlightEndpoint endpoint : info.getEndpoints()) {
                        try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                            counter.drain(stream);
                        }
                    }
                    fetch = counter.finish();
                    client.closeSession(new CloseSessionRequest());
                }
                catch (Exception e) {
                    failure = e.getMessage() == null ? e.toString() : e.getMessage();
                    fetch = counter.finish();
                }
            }
            finally {
                endNanos = System.nanoTime();
                sampling.set(false);
                sampler.join(TimeUnit.SECONDS.toMillis(10));
            }
            aliveAfter = gateway.isAlive();
            if (!aliveAfter || failure != null) {
                context.log("P7: the fetch did not complete (%s); the gateway's log %s ends with:%n%s", failure, gateway.log(), gateway.logTail(20));
            }
            return figure(sql, heapBytes, targetBytes, rows, partitions, idleHeap, fetch, failure, aliveAfter, samples, startNanos, endNanos);
        }
    }

    static String sql(long rows, long partitions)
    {
        return "SELECT id, repeat('x', " + STRING_BYTES + ") AS s FROM range(0, " + rows + ", 1, " + partitions + ")";
    }

    private static void sample(GatewayProcess gateway, AtomicBoolean sampling, List<long[]> samples)
    {
        while (sampling.get()) {
            try {
                long used = gateway.heapUsedBytes();
                synchronized (samples) {
                    samples.add(new long[] {System.nanoTime(), used});
                }
            }
            catch (Exception e) {
                // the gateway is busy or gone: a missed sample, not a figure
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Figure figure(String sql, long heapBytes, long targetBytes, long rows, long partitions, long idleHeap, Fetch fetch, String failure,
            boolean aliveAfter, List<long[]> samples, long startNanos, long endNanos)
    {
        List<long[]> taken;
        synchronized (samples) {
            taken = List.copyOf(samples);
        }
        long middle = startNanos + (endNanos - startNanos) / 2;
        long highWater = 0;
        long firstHalf = 0;
        long secondHalf = 0;
        for (long[] sample : taken) {
            highWater = Math.max(highWater, sample[1]);
            if (sample[0] < middle) {
                firstHalf = Math.max(firstHalf, sample[1]);
            }
            else {
                secondHalf = Math.max(secondHalf, sample[1]);
            }
        }
        boolean completed = failure == null && aliveAfter && fetch != null && fetch.rows() == rows;
        boolean flat = taken.size() >= 4 && secondHalf <= FLAT_FACTOR * firstHalf + FLAT_SLACK;
        double ratio = highWater / (double) heapBytes;

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sql", sql);
        details.put("heap", heap);
        details.put("heapBytes", heapBytes);
        details.put("targetBytes", targetBytes);
        details.put("rows", rows);
        details.put("partitions", partitions);
        details.put("rowsReceived", fetch == null ? 0 : fetch.rows());
        details.put("bytesReceived", fetch == null ? 0 : fetch.bytes());
        details.put("batchesReceived", fetch == null ? 0 : fetch.batches());
        details.put("seconds", fetch == null ? Double.NaN : fetch.seconds());
        details.put("completed", completed);
        details.put("failure", failure);
        details.put("gatewayAliveAfter", aliveAfter);
        details.put("idleHeapBytes", idleHeap);
        details.put("highWaterBytes", highWater);
        details.put("firstHalfHighWaterBytes", firstHalf);
        details.put("secondHalfHighWaterBytes", secondHalf);
        details.put("flat", flat);
        details.put("sampleMillis", SAMPLE_MILLIS);
        details.put("samples", taken.stream().map(sample -> List.of((sample[0] - startNanos) / 1_000_000, sample[1])).toList());

        long received = fetch == null ? 0 : fetch.bytes();
        List<String> notes = List.of(
                String.format(Locale.ROOT, "P7: a gateway of its own with SPARKJOBS_HEAP=%s fetches `%s` over Flight SQL (%s partitions, about %d MB each); "
                        + "heap in use is jvm_memory_used_bytes{area=\"heap\"} summed over the pools of the gateway's /metrics, every %d ms (%d samples). "
                        + "It includes garbage not yet collected, so the high-water is an upper bound of what the result path holds.",
                        heap, sql, Report.count(partitions), PARTITION_BYTES >> 20, SAMPLE_MILLIS, taken.size()),
                String.format(Locale.ROOT, "P7: received %.0f MB of Arrow buffers (%.1fx the heap) in %.1f s; heap high-water %.0f MB "
                        + "(first half %.0f MB, second half %.0f MB; idle before %.0f MB); flat means second half <= %.2f x first half + %d MB.",
                        received / 1e6, received / (double) heapBytes, fetch == null ? Double.NaN : fetch.seconds(), highWater / 1e6, firstHalf / 1e6,
                        secondHalf / 1e6, idleHeap / 1e6, FLAT_FACTOR, FLAT_SLACK >> 20),
                completed ? "P7: the fetch completed and the gateway is alive after it."
                        : "P7: the fetch did not complete: " + (failure != null ? failure : "") + (aliveAfter ? "" : " (the gateway died)"));
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "high-water %.0f MB heap, %.0f MB fetched, %s, %s", highWater / 1e6, received / 1e6,
                        completed ? "completed" : "did not complete", flat ? "flat" : "not flat"),
                String.format(Locale.ROOT, "heap %.0f MB", heapBytes / 1e6),
                OptionalDouble.of(ratio), goal(), completed && flat && received >= targetBytes * 0.99 ? Verdict.MET : Verdict.MISSED, notes, details);
    }

    /** A JVM heap size such as {@code 512m} or {@code 1g}, in bytes. */
    static long bytes(String size)
    {
        String text = size.trim().toLowerCase(Locale.ROOT);
        char unit = text.charAt(text.length() - 1);
        long multiplier = switch (unit) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = Character.isDigit(unit) ? text : text.substring(0, text.length() - 1);
        return Long.parseLong(digits) * multiplier;
    }
}
