package dev.sparkjobs.pool.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.planner.model.Column;
import dev.sparkjobs.planner.model.EmitMode;
import dev.sparkjobs.planner.model.LateDataPolicy;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Watermark;
import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import dev.sparkjobs.pool.embedded.TestingEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Windowed streams over a real Kafka broker: a known event set with out-of-order and late events,
 * produced in three phases (each drained with processAllAvailable, so the watermark moves
 * between them), read by a tumbling (table function), a hopping (ksqlDB clause) and a session
 * (table function) stream with LATE DATA INTO, and a tumbling EMIT CHANGES stream with LATE DATA
 * DROP. Between phases 2 and 3 two streams are stopped and restarted from their checkpoints with
 * their last commit removed, which is what a crash after the sink write and before the commit
 * leaves behind: the replayed batch must not duplicate anything.
 *
 * <p>Events (seconds after a minute-aligned base, watermark delay 10 s):
 * phase 1: a@5 b@20 a@12 a@65 b@130 (max 130, watermark 120 afterwards);
 * phase 2: a@30 b@50 (late for every window form: their windows ended by 120), a@125 b@140;
 * phase 3: x@400 (watermark 390: every window of a and b closes).
 */
@ExtendWith(KafkaTestBroker.StopAfterAllTests.class)
class StreamRuntimeKafkaTest
{
    private static final long BASE = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

    private final Queue<StreamProgress> progress = new ConcurrentLinkedQueue<>();
    private final Queue<String> terminations = new ConcurrentLinkedQueue<>();

    @Test
    void windowsLateDataAndExactlyOnceOverKafka()
            throws Exception
    {
        SparkSession spark = TestingEngine.get().spark();
        Path data = TestingEngine.dataDirectory();
        String topic = "clicks_" + UUID.randomUUID().toString().substring(0, 8);
        KafkaTestBroker.createTopic(topic, 2);

        Stream clicks = new Stream("clicks", 1, Optional.empty(), new StreamSource(
                List.of(new Column("uid", "STRING"), new Column("ts", "TIMESTAMP")),
                Optional.of(new Watermark("ts", Duration.ofSeconds(10))),
                Map.of("connector", "kafka", "topic", topic, "kafka.bootstrap.servers", KafkaTestBroker.bootstrapServers(), "startingOffsets", "earliest")));
        Function<String, Optional<Stream>> sources = name -> name.equalsIgnoreCase("clicks") ? Optional.of(clicks) : Optional.empty();

        Stream tumbling = query("tumbling", Optional.empty(), EmitMode.FINAL, LateDataPolicy.into("late_clicks"), Map.of(),
                "SELECT uid, window_start, window_end, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY uid, window_start, window_end");
        Stream hopping = query("hopping", Optional.of(WindowClause.on(new Window.Hopping(Duration.ofMinutes(1), Duration.ofSeconds(30), Optional.empty()), "ts")),
                EmitMode.FINAL, LateDataPolicy.into("late_clicks"), Map.of(),
                "SELECT uid, window_start, window_end, COUNT(*) AS n FROM clicks GROUP BY uid");
        Stream session = query("sessions", Optional.empty(), EmitMode.FINAL, LateDataPolicy.into("late_clicks"), Map.of(),
                "SELECT uid, window_start, window_end, COUNT(*) AS n FROM TABLE(SESSION(TABLE clicks PARTITION BY uid, DESCRIPTOR(ts), INTERVAL '30' SECOND)) GROUP BY uid, window_start, window_end");
        Stream changes = query("changes", Optional.of(WindowClause.on(new Window.Tumbling(Duration.ofMinutes(1), Optional.empty()), "ts")),
                EmitMode.CHANGES, LateDataPolicy.DROP, Map.of(),
                "SELECT uid, window_start, COUNT(*) AS n FROM clicks GROUP BY uid");
        List<Stream> all = List.of(tumbling, hopping, session, changes);

        try (StreamRuntime runtime = new StreamRuntime(spark, data, new Recorder())) {
            for (Stream stream : all) {
                runtime.start(stream, sources);
            }
            produce(topic, "a@5", "b@20", "a@12", "a@65", "b@130");
            drain(runtime, all);
            produce(topic, "a@30", "b@50", "a@125", "b@140");
            drain(runtime, all);

            // Late rows, counted by the ingest stage; the aggregation behind it dropped none.
            for (String name : List.of("tumbling", "hopping", "sessions")) {
                assertEquals(2, lateRows(name), name + ": late rows in stream_progress");
            }
            assertEquals(2, lateRows("changes"), "changes: rows Spark dropped behind the watermark");

            crashAndRestart(runtime, tumbling, sources);
            crashAndRestart(runtime, changes, sources);

            produce(topic, "x@400");
            drain(runtime, all);

            assertEquals(List.of("a 0..60 2", "a 60..120 1", "a 120..180 1", "b 0..60 1", "b 120..180 2"),
                    windows(spark.sql("SELECT uid, window_start, window_end, n FROM tumbling")));
            assertEquals(List.of("a -30..30 2", "a 0..60 2", "a 30..90 1", "a 60..120 1", "a 90..150 1", "a 120..180 1",
                            "b -30..30 1", "b 0..60 1", "b 90..150 2", "b 120..180 2"),
                    windows(spark.sql("SELECT uid, window_start, window_end, n FROM hopping")));
            assertEquals(List.of("a 5..42 2", "a 65..95 1", "a 125..155 1", "b 20..50 1", "b 130..170 2"),
                    windows(spark.sql("SELECT uid, window_start, window_end, n FROM sessions")));
            System.out.printf("exactly once: tumbling sink %d rows for 5 expected windows, hopping %d for 10, sessions %d for 5%n",
                    spark.sql("SELECT * FROM tumbling").count(), spark.sql("SELECT * FROM hopping").count(),
                    spark.sql("SELECT * FROM sessions").count());

            // EMIT CHANGES: a changelog keyed by batch id; the last change per window is its value.
            List<Row> changelog = spark.sql("SELECT uid, window_start, n, batch_id FROM changes").collectAsList();
            long distinctChanges = spark.sql("SELECT DISTINCT uid, window_start, batch_id FROM changes").count();
            assertEquals(distinctChanges, changelog.size(), "a replayed batch was written twice: " + changelog);
            assertEquals(List.of("a 0 2", "a 60 1", "a 120 1", "b 0 1", "b 120 2", "x 360 1"),
                    spark.sql("SELECT uid, window_start, max_by(n, batch_id) AS n FROM changes GROUP BY uid, window_start").collectAsList().stream()
                            .map(row -> row.getString(0) + " " + (row.getTimestamp(1).getTime() / 1000 - BASE) + " " + row.getLong(2))
                            .sorted(Comparator.comparing((String row) -> row.split(" ")[0]).thenComparing(row -> Long.parseLong(row.split(" ")[1])))
                            .toList());

            // Dead letters: exactly the late events, with the watermark they missed and the row itself.
            List<String> deadLetters = spark.sql("SELECT stream, original_row, watermark, reason FROM late_clicks").collectAsList().stream()
                    .map(row -> row.getString(0) + " " + row.getString(1) + " " + (row.getTimestamp(2).getTime() / 1000 - BASE))
                    .sorted()
                    .toList();
            assertEquals(6, deadLetters.size(), deadLetters.toString());
            for (String name : List.of("hopping", "sessions", "tumbling")) {
                assertEquals(2, deadLetters.stream().filter(row -> row.startsWith(name + " ")).count(), deadLetters.toString());
                assertTrue(deadLetters.stream().anyMatch(row -> row.startsWith(name + " ") && row.contains("\"uid\":\"a\"") && row.endsWith(" 120")), deadLetters.toString());
            }
            System.out.println("dead letters: " + deadLetters);
        }
        assertTrue(progress.stream().allMatch(record -> record.batchDurationMillis() >= 0));
    }

    /** Avro values, Kafka record columns, a stateless query, a Kafka sink, AVAILABLE NOW. */
    @Test
    void avroValuesAndRecordColumnsIntoKafka()
            throws Exception
    {
        SparkSession spark = TestingEngine.get().spark();
        String in = "orders_" + UUID.randomUUID().toString().substring(0, 8);
        String out = in + "_big";
        KafkaTestBroker.createTopic(in, 1);
        KafkaTestBroker.createTopic(out, 1);
        String bootstrap = KafkaTestBroker.bootstrapServers();
        StreamSource source = new StreamSource(
                List.of(new Column("kafka_key", "STRING"), new Column("kafka_offset", "BIGINT"), new Column("item", "STRING"), new Column("amount", "BIGINT")),
                Optional.empty(),
                Map.of("connector", "kafka", "topic", in, "format", "avro", "kafka.bootstrap.servers", bootstrap, "startingOffsets", "earliest"));
        // A producer writing Avro with the schema the source derives from its columns.
        spark.sql("SELECT * FROM VALUES ('k1', 'apple', 3L), ('k2', 'pear', 12L), ('k3', 'plum', 40L) AS t(k, item, amount)")
                .selectExpr("k AS key", "to_avro(named_struct('item', item, 'amount', amount), '" + StreamSources.avroSchema(source).replace("'", "\\'") + "') AS value")
                .write().format("kafka").option("kafka.bootstrap.servers", bootstrap).option("topic", in).save();

        Stream orders = new Stream("orders", 1, Optional.empty(), source);
        Stream big = Stream.of("big_orders", new StreamQuery(Optional.empty(), Optional.empty(),
                Map.of("format", "kafka", "topic", out, "kafka.bootstrap.servers", bootstrap), Optional.empty(),
                Optional.of(new dev.sparkjobs.planner.model.Trigger.AvailableNow()), EmitMode.CHANGES, LateDataPolicy.DROP, Retry.NONE, Optional.empty(),
                List.of("orders"), "SELECT kafka_key AS id, kafka_offset AS position, item, amount FROM orders WHERE amount > 10"));
        try (StreamRuntime runtime = new StreamRuntime(spark, TestingEngine.dataDirectory(), StreamListener.NONE)) {
            assertTrue(runtime.start(big, name -> name.equalsIgnoreCase("orders") ? Optional.of(orders) : Optional.empty()).awaitTermination(120_000));
        }
        List<String> written = spark.read().format("kafka").option("kafka.bootstrap.servers", bootstrap).option("subscribe", out)
                .option("startingOffsets", "earliest").load()
                .selectExpr("CAST(value AS STRING)").collectAsList().stream().map(row -> row.getString(0)).sorted().toList();
        // The producer's rows reach the topic in no set order: offsets are checked for range only.
        assertTrue(written.stream().allMatch(value -> value.matches(".*\"position\":[0-2],.*")), written.toString());
        assertEquals(List.of("{\"id\":\"k2\",\"position\":_,\"item\":\"pear\",\"amount\":12}",
                "{\"id\":\"k3\",\"position\":_,\"item\":\"plum\",\"amount\":40}"),
                written.stream().map(value -> value.replaceAll("\"position\":\\d+", "\"position\":_")).toList());
    }

    /** Stops a stream, removes its last commits (as a crash after the sink write would), starts it again. */
    private static void crashAndRestart(StreamRuntime runtime, Stream stream, Function<String, Optional<Stream>> sources)
            throws IOException
    {
        runtime.stop(stream.name(), true);
        Path checkpoint = Path.of(runtime.checkpoint(stream));
        for (String stage : List.of("ingest", "query")) {
            Path commits = checkpoint.resolve(stage).resolve("commits");
            if (Files.isDirectory(commits)) {
                try (var files = Files.list(commits)) {
                    Optional<Path> last = files.filter(file -> file.getFileName().toString().matches("\\d+"))
                            .max(Comparator.comparingLong(file -> Long.parseLong(file.getFileName().toString())));
                    if (last.isPresent()) {
                        Files.delete(last.get());
                        Files.deleteIfExists(last.get().resolveSibling("." + last.get().getFileName() + ".crc"));
                    }
                }
            }
        }
        runtime.start(stream, sources);
    }

    private long lateRows(String stream)
    {
        return progress.stream().filter(record -> record.stream().equals(stream)).mapToLong(StreamProgress::lateRows).sum();
    }

    private static void drain(StreamRuntime runtime, List<Stream> streams)
            throws Exception
    {
        for (Stream stream : streams) {
            runtime.handle(stream.name()).processAllAvailable();
        }
    }

    private static List<String> windows(org.apache.spark.sql.Dataset<Row> rows)
    {
        return rows.collectAsList().stream()
                .sorted(Comparator.comparing((Row row) -> row.getString(0)).thenComparing(row -> row.getTimestamp(1)))
                .map(row -> row.getString(0) + " " + (row.getTimestamp(1).getTime() / 1000 - BASE) + ".." + (row.getTimestamp(2).getTime() / 1000 - BASE) + " " + row.getLong(3))
                .collect(Collectors.toList());
    }

    private static void produce(String topic, String... events)
            throws Exception
    {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        for (String event : events) {
            String uid = event.substring(0, event.indexOf('@'));
            long second = Long.parseLong(event.substring(event.indexOf('@') + 1));
            records.add(Map.entry(uid, "{\"uid\":\"" + uid + "\",\"ts\":\"" + Instant.ofEpochSecond(BASE + second) + "\"}"));
        }
        KafkaTestBroker.send(topic, records);
    }

    private static Stream query(String name, Optional<WindowClause> window, EmitMode emit, LateDataPolicy late, Map<String, String> options, String sql)
    {
        Map<String, String> settings = new java.util.HashMap<>(options);
        // One state partition: four streams share two cores here.
        settings.put("spark.sql.shuffle.partitions", "1");
        return Stream.of(name, new StreamQuery(Optional.empty(), Optional.empty(), settings, window, Optional.empty(), emit, late,
                Retry.NONE, Optional.empty(), List.of("clicks"), sql));
    }

    private final class Recorder
            implements StreamListener
    {
        @Override
        public void onProgress(StreamProgress record)
        {
            progress.add(record);
        }

        @Override
        public void onTerminated(String stream, UUID runId, Optional<String> error)
        {
            terminations.add(stream + error.map(message -> ": " + message).orElse(""));
        }
    }
}
