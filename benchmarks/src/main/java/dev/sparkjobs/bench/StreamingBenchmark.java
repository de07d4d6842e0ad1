package dev.sparkjobs.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * P6: a windowed aggregation over Nexmark-style bids ({@link NexmarkBids}, JSON files), created
 * with {@code CREATE STREAM} through the gateway (Flight SQL), against the same aggregation as a
 * hand-written Structured Streaming job ({@link StreamingBaseline}) on the same input, on an
 * engine started as the gateway's, in the run's in-process Spark JVM. Both run {@code TRIGGER AVAILABLE NOW}
 * with the same files per trigger, after a warm-up run on a tenth of the input; events/s is the
 * input rows over the summed duration of the micro-batches with input (Spark's
 * {@code triggerExecution}), read from {@code system.stream_progress} on the gateway's side and
 * from the query's progress on the other; the batch without input that closes the last windows
 * is left out on both sides. Wall times (from the statement to the last batch with input on the
 * gateway's side, to the end of the query on the other) are in the details.
 */
final class StreamingBenchmark
        implements Benchmark
{
    static final String STREAM = "p6_bids_per_auction";
    /**
     * Input files (and so micro-batches, two files each): 20 for a million events or more, 8 below,
     * where a micro-batch's fixed cost (about 2 s here: offsets, state store, sink commit) would
     * otherwise make up most of a --quick run's P6 time.
     */
    private static final int FILES_LARGE = 20;
    private static final int FILES_SMALL = 8;
    private static final int FILES_PER_TRIGGER = 2;
    private static final double GOAL = 0.95;
    private static final long SEED = 20_260_101L;

    private final long events;
    private final int files;

    StreamingBenchmark(long events)
    {
        this.events = events;
        this.files = events >= 1_000_000 ? FILES_LARGE : FILES_SMALL;
    }

    /** A fifth of P1's rows: 2 M events for the figures of record; a tenth with --quick (100 k); at least 10 k. */
    static long events(BenchSettings settings)
    {
        return Math.max(10_000, settings.fetchRows() / (settings.mode().equals("quick") ? 10 : 5));
    }

    @Override
    public boolean usesSharedGateway()
    {
        return true;
    }

    @Override
    public boolean usesInProcessSpark()
    {
        return true;
    }

    @Override
    public String id()
    {
        return "P6";
    }

    @Override
    public String what()
    {
        return "streaming windowed aggregation (Nexmark bids), events/s";
    }

    @Override
    public String comparedWith()
    {
        return "hand-written Structured Streaming job";
    }

    @Override
    public String goal()
    {
        return ">= 0.95";
    }

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        Path directory = context.workDirectory().resolve("p6");
        Path input = directory.resolve("bids");
        Path warmup = directory.resolve("bids-warmup");
        context.log("P6: writing %,d Nexmark bids (and %,d for the warm-up) as JSON", events, events / 10);
        NexmarkBids.write(warmup, Math.max(1, events / 10), files, SEED + 1);
        NexmarkBids.write(input, events, files, SEED);

        long[] gateway = gateway(context, warmup, input);
        long[] baseline = baseline(context, directory, warmup, input);
        for (long[] side : List.of(gateway, baseline)) {
            if (side[0] != events) {
                throw new IllegalStateException("a side read " + side[0] + " events, not " + events);
            }
        }
        double gatewayRate = gateway[0] * 1000.0 / Math.max(1, gateway[1]);
        double baselineRate = baseline[0] * 1000.0 / Math.max(1, baseline[1]);
        double ratio = gatewayRate / baselineRate;
        context.log("P6: CREATE STREAM %.0f events/s, hand-written %.0f events/s, ratio %.3f", gatewayRate, baselineRate, ratio);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("events", events);
        details.put("files", files);
        details.put("filesPerTrigger", FILES_PER_TRIGGER);
        details.put("query", query("p6_bids"));
        details.put("gateway", side(gateway));
        details.put("handWritten", side(baseline));
        details.put("ratio", ratio);
        List<String> notes = List.of(String.format(Locale.ROOT,
                "P6: %,d Nexmark-style bids in %d JSON files, %d files per trigger, AVAILABLE NOW, a 10 s tumbling window per auction (COUNT, MAX(price)) EMIT FINAL "
                        + "into a parquet table, watermark delay 5 s; events/s = input rows / summed time of the micro-batches with input (wall: CREATE STREAM %.1f s, hand-written %.1f s, "
                        + "each after a warm-up run on a tenth of the input).",
                events, files, FILES_PER_TRIGGER, gateway[2] / 1000.0, baseline[2] / 1000.0));
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "%,.0f events/s (CREATE STREAM)", gatewayRate),
                String.format(Locale.ROOT, "%,.0f events/s (hand-written)", baselineRate),
                OptionalDouble.of(ratio), goal(), ratio >= GOAL ? Verdict.MET : Verdict.MISSED, notes, details);
    }

    private static Map<String, Object> side(long[] measured)
    {
        Map<String, Object> side = new LinkedHashMap<>();
        side.put("rows", measured[0]);
        side.put("batchMillis", measured[1]);
        side.put("wallMillis", measured[2]);
        side.put("batches", measured[3]);
        side.put("eventsPerSecond", measured[0] * 1000.0 / Math.max(1, measured[1]));
        return side;
    }

    static String query(String source)
    {
        return "SELECT auction, window_start, window_end, COUNT(*) AS bids, MAX(price) AS top_price FROM " + source + " GROUP BY auction";
    }

    /** The stream through the gateway: a warm-up stream, then the measured one; rows, batch ms, wall ms, batches. */
    private static long[] gateway(BenchContext context, Path warmup, Path input)
            throws Exception
    {
        GatewayProcess gateway = context.gateway();
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlClient client = ConcurrencyBenchmark.client(allocator, gateway)) {
            runStream(context, client, "p6_warmup", warmup, Math.max(1, countLines(warmup)));
            long[] measured = runStream(context, client, STREAM, input, countLines(input));
            context.log("P6: CREATE STREAM read %,d events in %d batches, %,d ms of batches, %,d ms wall", measured[0], measured[3], measured[1], measured[2]);
            return measured;
        }
    }

    private static long[] runStream(BenchContext context, FlightSqlClient client, String name, Path input, long expected)
            throws Exception
    {
        String source = name + "_src";
        client.executeUpdate("DROP STREAM IF EXISTS " + name);
        client.executeUpdate("DROP STREAM IF EXISTS " + source);
        client.executeUpdate("DROP TABLE IF EXISTS " + name);
        client.executeUpdate("CREATE STREAM " + source + " (" + NexmarkBids.COLUMNS + ", WATERMARK FOR date_time AS date_time - INTERVAL '5' SECOND) "
                + "WITH ('connector' = 'files', 'path' = '" + input + "', 'format' = 'json', 'maxFilesPerTrigger' = '" + FILES_PER_TRIGGER + "')");
        long started = System.nanoTime();
        client.executeUpdate("CREATE STREAM " + name + " WINDOW TUMBLING (SIZE INTERVAL '10' SECOND) ON date_time TRIGGER AVAILABLE NOW EMIT FINAL AS " + query(source));
        String progress = "SELECT CAST(COALESCE(SUM(input_rows), 0) AS BIGINT), CAST(COALESCE(SUM(batch_duration_ms), 0) AS BIGINT), COUNT(*) "
                + "FROM system.stream_progress WHERE stream = '" + name + "' AND input_rows > 0";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        List<Long> values = firstRow(client, progress);
        while (values.get(0) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("stream " + name + " read " + values.get(0) + " of " + expected + " events in 30 minutes");
            }
            // Each poll is a system-table query the gateway plans on the cores the stream runs on, and the
            // hand-written side has no such load: poll once a second. The figure comes from the batches'
            // own durations, so the poll's period only rounds the wall time in the details.
            Thread.sleep(1000);
            values = firstRow(client, progress);
        }
        long wall = (System.nanoTime() - started) / 1_000_000;
        client.executeUpdate("DROP STREAM " + name);
        client.executeUpdate("DROP STREAM " + source);
        return new long[] {values.get(0), values.get(1), wall, values.get(2)};
    }

    private static List<Long> firstRow(FlightSqlClient client, String sql)
            throws Exception
    {
        List<Long> values = new ArrayList<>();
        for (FlightEndpoint endpoint : client.execute(sql).getEndpoints()) {
            try (FlightStream stream = client.getStream(endpoint.getTicket())) {
                while (stream.next() && values.isEmpty()) {
                    if (stream.getRoot().getRowCount() > 0) {
                        for (FieldVector vector : stream.getRoot().getFieldVectors()) {
                            Object value = vector.getObject(0);
                            values.add(value == null ? 0L : ((Number) value).longValue());
                        }
                    }
                }
            }
        }
        if (values.isEmpty()) {
            throw new IllegalStateException("no row from " + sql);
        }
        return values;
    }

    private static long countLines(Path directory)
            throws IOException
    {
        long lines = 0;
        try (var files = Files.list(directory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    while (reader.readLine() != null) {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    /** The hand-written job in the run's in-process Spark JVM; rows, batch ms, wall ms, batches. */
    private static long[] baseline(BenchContext context, Path directory, Path warmup, Path input)
            throws IOException
    {
        BaselineProcess inProcess = context.baseline();
        context.log("P6: the hand-written Structured Streaming job in the in-process Spark JVM (log %s)", inProcess.log());
        String streamed = inProcess.request("STREAM", warmup.toString(), input.toString(), Integer.toString(FILES_PER_TRIGGER),
                directory.resolve("baseline-output").toString());
        String[] parts = streamed.split(",");
        long[] measured = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            measured[i] = Long.parseLong(parts[i]);
        }
        context.log("P6: hand-written read %,d events in %d batches, %,d ms of batches, %,d ms wall", measured[0], measured[3], measured[1], measured[2]);
        return measured;
    }
}
