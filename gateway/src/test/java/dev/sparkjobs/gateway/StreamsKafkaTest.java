package dev.sparkjobs.gateway;

import static dev.sparkjobs.gateway.JobsTest.query;
import static dev.sparkjobs.gateway.JobsTest.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkjobs.pool.stream.KafkaTestBroker;
import dev.sparkjobs.pool.stream.StreamRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Streams over Kafka through a stock client (the Arrow Flight SQL JDBC driver): a known event set
 * with out-of-order and late events, a tumbling, a hopping and a session window stream created
 * with CREATE STREAM, each with LATE DATA INTO a dead-letter table. The expected windows and late
 * events are computed here from the event set ({@link Expected}), not taken from Spark.
 *
 * <p>Exactly once under failure: the third phase is produced and the gateway is closed at once
 * (its streams' Spark queries stop wherever they are, a batch in flight is interrupted), the last
 * commit of every query of every stream is removed (what a kill between the sink write and the
 * commit leaves), and a new gateway on the same data directory starts the streams again from
 * their checkpoints; then the last phase arrives. Every window must be in its sink exactly once.
 *
 * <p>Phases (seconds after a minute-aligned base; watermark delay 10 s; each phase is one Kafka
 * produce request, so one phase is never split between batches): phase 1 is out of order but
 * never behind its own watermark; after it the watermark is 120 s; phase 2 has three events
 * behind it in every window form (ts &lt; 90) and three on time (ts &ge; 120); phase 3 is on
 * time (two events, one extending a session); phase 4 (x@400) moves the watermark to 390 and
 * closes every window of a, b and c.
 */
@ExtendWith(KafkaTestBroker.StopAfterAllTests.class)
class StreamsKafkaTest
{
    private static final long BASE = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    private static final long DELAY = 10;
    private static final List<List<String>> PHASES = List.of(
            List.of("a@5", "b@20", "a@12", "a@8", "c@70", "a@65", "b@130"),
            List.of("a@30", "b@50", "c@85", "a@125", "b@140", "c@121"),
            List.of("a@150", "c@160"),
            List.of("x@400"));
    private static final List<String> STREAMS = List.of("k_tumbling", "k_hopping", "k_sessions");

    @Test
    void windowsLateDataAndExactlyOnceAcrossAGatewayRestart()
            throws Exception
    {
        String topic = "kclicks_" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTestBroker.createTopic(topic, 1);
        GatewayConfig config = TestingGateway.config(Files.createTempDirectory("gateway-restart-"));
        Expected tumbling = Expected.compute(PHASES, ts -> List.of(Math.floorDiv(ts, 60) * 60), 60);
        Expected hopping = Expected.compute(PHASES, ts -> List.of(Math.floorDiv(ts, 30) * 30 - 30, Math.floorDiv(ts, 30) * 30), 60);
        Expected sessions = Expected.sessions(PHASES, 30);

        Gateway first = TestingGateway.start(config);
        try (Connection connection = TestingGateway.connect(first, ""); Statement statement = connection.createStatement()) {
            for (String table : List.of("k_tumbling", "k_hopping", "k_sessions", "k_late")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("CREATE STREAM k_clicks (uid STRING, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '" + DELAY + "' SECOND) "
                    + "WITH ('connector' = 'kafka', 'topic' = '" + topic + "', 'kafka.bootstrap.servers' = '" + KafkaTestBroker.bootstrapServers() + "', "
                    + "'startingOffsets' = 'earliest')");
            String options = "WITH ('spark.sql.shuffle.partitions' = '1') ";
            statement.execute("CREATE STREAM k_tumbling " + options + "WINDOW TUMBLING (SIZE INTERVAL '1' MINUTE) ON ts EMIT FINAL LATE DATA INTO k_late "
                    + "AS SELECT uid, window_start, window_end, COUNT(*) AS n FROM k_clicks GROUP BY uid");
            statement.execute("CREATE STREAM k_hopping " + options + "WINDOW HOPPING (SIZE INTERVAL '1' MINUTE, ADVANCE BY INTERVAL '30' SECOND) ON ts "
                    + "EMIT FINAL LATE DATA INTO k_late AS SELECT uid, window_start, window_end, COUNT(*) AS n FROM k_clicks GROUP BY uid");
            statement.execute("CREATE STREAM k_sessions " + options + "WINDOW SESSION (GAP INTERVAL '30' SECOND) ON ts EMIT FINAL LATE DATA INTO k_late "
                    + "AS SELECT uid, window_start, window_end, COUNT(*) AS n FROM k_clicks GROUP BY uid");

            produce(topic, PHASES.get(0));
            drain(first);
            produce(topic, PHASES.get(1));
            drain(first);

            // Late rows as the ingest stage counted them, in system.stream_progress.
            for (String stream : STREAMS) {
                assertEquals(String.valueOf(tumbling.late().size()), scalar(statement, "SELECT SUM(late_rows) FROM system.stream_progress WHERE stream = '" + stream + "'"), stream);
            }
            produce(topic, PHASES.get(2));
        }
        // Closed while the third phase is on its way: a batch in flight is interrupted.
        first.close();
        int removed = 0;
        for (String stream : STREAMS) {
            removed += removeLastCommits(config.dataDirectory().resolve("checkpoints").resolve(stream));
        }

        Gateway second = TestingGateway.start(config);
        try (Connection connection = TestingGateway.connect(second, ""); Statement statement = connection.createStatement()) {
            for (String stream : STREAMS) {
                assertEquals("RUNNING", scalar(statement, "SELECT status FROM system.streams WHERE name = '" + stream + "'"), stream);
            }
            produce(topic, PHASES.get(3));
            drain(second);
            Map<String, Expected> expected = Map.of("k_tumbling", tumbling, "k_hopping", hopping, "k_sessions", sessions);
            StringBuilder counts = new StringBuilder("exactly once after a gateway restart (" + removed + " commits removed):");
            for (String stream : STREAMS) {
                // The windows close in the no-data batch after the watermark moved: wait for as many rows as expected, then compare.
                try {
                    JobsTest.waitFor(() -> sinkRows(statement, stream).size() >= expected.get(stream).windows().size());
                }
                catch (AssertionError e) {
                    String diagnosis = stream + ": sink " + sinkRows(statement, stream) + ", expected " + expected.get(stream).windows()
                            + ", streams " + JobsTest.rows(statement, "SELECT name, status FROM system.streams")
                            + ", progress " + JobsTest.rows(statement, "SELECT query_run_id, batch_id, input_rows, event_time_watermark, late_rows FROM system.stream_progress WHERE stream = '" + stream + "'")
                            + ", checkpoint " + listing(config.dataDirectory().resolve("checkpoints").resolve(stream))
                            + ", runtime " + second.streamRuntime().orElseThrow().status(stream);
                    throw new AssertionError(diagnosis, e);
                }
                List<String> rows = sink(statement, stream);
                counts.append(String.format(" %s %d rows for %d expected windows (%d distinct);", stream, rows.size(), expected.get(stream).windows().size(),
                        rows.stream().distinct().count()));
                assertEquals(expected.get(stream).windows(), rows, stream);
            }
            List<String> deadLetters = query(statement, "SELECT concat(stream, ' ', get_json_object(original_row, '$.uid'), '@', "
                    + "CAST(unix_timestamp(event_time) - " + BASE + " AS STRING)) FROM k_late").stream().sorted().toList();
            List<String> expectedLate = STREAMS.stream().flatMap(stream -> tumbling.late().stream().map(event -> stream + " " + event)).sorted().toList();
            counts.append(String.format(" dead letters %d for %d expected", deadLetters.size(), expectedLate.size()));
            System.out.println(counts);
            assertEquals(expectedLate, deadLetters);
            // The late set is the same for every window form by construction (see the class comment).
            assertEquals(tumbling.late(), hopping.late());
            assertEquals(tumbling.late(), sessions.late());
            for (String stream : STREAMS) {
                statement.execute("DROP STREAM " + stream);
            }
            statement.execute("DROP STREAM k_clicks");
        }
        finally {
            second.close();
        }
    }

    /** Everything in the topic has reached every stream's sink (or dead-letter table). */
    private static void drain(Gateway gateway)
            throws Exception
    {
        StreamRuntime runtime = gateway.streamRuntime().orElseThrow();
        for (String stream : STREAMS) {
            runtime.handle(stream).processAllAvailable();
        }
    }

    private static List<String> sinkRows(Statement statement, String table)
    {
        try {
            return sink(statement, table);
        }
        catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The sink's windows as "uid start..end n", seconds after the base, sorted. */
    private static List<String> sink(Statement statement, String table)
            throws SQLException
    {
        statement.execute("REFRESH TABLE " + table);
        return query(statement, "SELECT concat(uid, ' ', CAST(unix_timestamp(window_start) - " + BASE + " AS STRING), '..', "
                + "CAST(unix_timestamp(window_end) - " + BASE + " AS STRING), ' ', CAST(n AS STRING)) FROM " + table)
                .stream().sorted(Expected.ORDER).toList();
    }

    /** One produce request per phase (linger, then flush): the phase becomes visible to a reader at once. */
    private static void produce(String topic, List<String> events)
    {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "1000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (String event : events) {
                String uid = event.substring(0, event.indexOf('@'));
                long second = Long.parseLong(event.substring(event.indexOf('@') + 1));
                producer.send(new ProducerRecord<>(topic, uid, "{\"uid\":\"" + uid + "\",\"ts\":\"" + Instant.ofEpochSecond(BASE + second) + "\"}"));
            }
            producer.flush();
        }
    }

    private static String listing(Path directory)
            throws IOException
    {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.map(directory::relativize).map(Path::toString).filter(name -> name.matches("(ingest|query)/(commits|offsets)/\\d+|staging/.*=\\d+")).sorted().toList().toString();
        }
    }

    /** Removes the newest commit of each Spark query under a stream's checkpoint; returns how many it removed. */
    private static int removeLastCommits(Path checkpoint)
            throws IOException
    {
        int removed = 0;
        for (String stage : List.of("ingest", "query")) {
            Path commits = checkpoint.resolve(stage).resolve("commits");
            if (!Files.isDirectory(commits)) {
                continue;
            }
            Optional<Path> last;
            try (Stream<Path> files = Files.list(commits)) {
                last = files.filter(file -> file.getFileName().toString().matches("\\d+"))
                        .max(Comparator.comparingLong(file -> Long.parseLong(file.getFileName().toString())));
            }
            if (last.isPresent()) {
                Files.delete(last.get());
                Files.deleteIfExists(last.get().resolveSibling("." + last.get().getFileName() + ".crc"));
                removed++;
            }
        }
        return removed;
    }

    /**
     * What a stream must produce, from the event set alone: an event is late when the last window
     * it falls in ended at or before the watermark of its phase (the largest event time of the
     * phases before it minus the delay); the other events are counted into their windows, and a
     * window is emitted when the final watermark has passed its end.
     */
    record Expected(List<String> windows, List<String> late)
    {
        static final Comparator<String> ORDER = Comparator.comparing((String row) -> row.split(" ")[0])
                .thenComparingLong(row -> Long.parseLong(row.split(" ")[1].split("\\.\\.")[0]));

        static Expected compute(List<List<String>> phases, Function<Long, List<Long>> windowStarts, long size)
        {
            Map<String, Long> counts = new TreeMap<>();
            List<String> late = new ArrayList<>();
            long watermark = Long.MIN_VALUE;
            long max = Long.MIN_VALUE;
            for (List<String> phase : phases) {
                for (String event : phase) {
                    long ts = time(event);
                    List<Long> starts = windowStarts.apply(ts).stream().filter(start -> start <= ts && ts < start + size).toList();
                    long lastEnd = starts.stream().mapToLong(start -> start + size).max().orElseThrow();
                    if (lastEnd <= watermark) {
                        late.add(event);
                        continue;
                    }
                    for (long start : starts) {
                        counts.merge(uid(event) + " " + start + ".." + (start + size), 1L, Long::sum);
                    }
                }
                max = Math.max(max, phase.stream().mapToLong(Expected::time).max().orElseThrow());
                watermark = max - DELAY;
            }
            long finalWatermark = watermark;
            List<String> windows = counts.entrySet().stream()
                    .filter(entry -> end(entry.getKey()) <= finalWatermark)
                    .map(entry -> entry.getKey() + " " + entry.getValue())
                    .sorted(ORDER)
                    .toList();
            return new Expected(windows, late.stream().sorted().toList());
        }

        /** Sessions per uid: an event extends a session when it is before the session's end (last event + gap). */
        static Expected sessions(List<List<String>> phases, long gap)
        {
            Map<String, List<long[]>> byUid = new TreeMap<>();
            List<String> late = new ArrayList<>();
            long watermark = Long.MIN_VALUE;
            long max = Long.MIN_VALUE;
            for (List<String> phase : phases) {
                for (String event : phase) {
                    long ts = time(event);
                    if (ts + gap <= watermark) {
                        late.add(event);
                        continue;
                    }
                    // [start, end, count]; merge every session the event's [ts, ts + gap) overlaps.
                    List<long[]> open = byUid.computeIfAbsent(uid(event), key -> new ArrayList<>());
                    long[] merged = {ts, ts + gap, 1};
                    for (java.util.Iterator<long[]> it = open.iterator(); it.hasNext(); ) {
                        long[] session = it.next();
                        if (session[0] < merged[1] && merged[0] < session[1]) {
                            merged = new long[] {Math.min(session[0], merged[0]), Math.max(session[1], merged[1]), session[2] + merged[2]};
                            it.remove();
                        }
                    }
                    open.add(merged);
                }
                max = Math.max(max, phase.stream().mapToLong(Expected::time).max().orElseThrow());
                watermark = max - DELAY;
            }
            long finalWatermark = watermark;
            List<String> windows = byUid.entrySet().stream()
                    .flatMap(entry -> entry.getValue().stream()
                            .filter(session -> session[1] <= finalWatermark)
                            .map(session -> entry.getKey() + " " + session[0] + ".." + session[1] + " " + session[2]))
                    .sorted(ORDER)
                    .toList();
            return new Expected(windows, late.stream().sorted().toList());
        }

        private static long time(String event)
        {
            return Long.parseLong(event.substring(event.indexOf('@') + 1));
        }

        private static String uid(String event)
        {
            return event.substring(0, event.indexOf('@'));
        }

        private static long end(String window)
        {
            return Long.parseLong(window.split(" ")[1].split("\\.\\.")[1]);
        }
    }
}
