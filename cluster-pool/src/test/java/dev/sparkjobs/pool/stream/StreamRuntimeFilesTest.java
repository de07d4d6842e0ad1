package dev.sparkjobs.pool.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.planner.model.Column;
import dev.sparkjobs.planner.model.EmitMode;
import dev.sparkjobs.planner.model.LateDataPolicy;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import dev.sparkjobs.planner.validation.ModelException;
import dev.sparkjobs.pool.embedded.TestingEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A files source (JSON arriving in a directory) without a declared watermark, so the window's
 * GRACE PERIOD sets it; AVAILABLE NOW triggers; a Delta Lake sink; KEEP STATE checked
 * against the state in the checkpoint and then used: a window begun under the old query is
 * finished by the new one.
 */
class StreamRuntimeFilesTest
{
    private static final long BASE = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();

    @Test
    void keepStateRefusesAnotherAggregationAndContinuesACompatibleOne()
            throws Exception
    {
        SparkSession spark = TestingEngine.get().spark();
        Path input = Files.createTempDirectory(TestingEngine.dataDirectory(), "events-");
        Stream events = new Stream("events", 1, Optional.empty(), new StreamSource(
                List.of(new Column("uid", "STRING"), new Column("page", "STRING"), new Column("ts", "TIMESTAMP")),
                Optional.empty(),
                Map.of("connector", "files", "format", "json", "path", input.toString())));
        Function<String, Optional<Stream>> sources = name -> name.equalsIgnoreCase("events") ? Optional.of(events) : Optional.empty();
        WindowClause minute = WindowClause.on(new Window.Tumbling(Duration.ofMinutes(1), Optional.of(Duration.ofSeconds(10))), "ts");

        Stream original = query("per_minute", minute, "SELECT uid, window_start, COUNT(*) AS n FROM events GROUP BY uid");
        Stream compatible = query("per_minute", minute, "SELECT upper(uid) AS uid, window_start, COUNT(*) AS n FROM events WHERE page <> 'health' GROUP BY uid");
        Stream otherKeys = query("per_minute", minute, "SELECT uid, page, window_start, COUNT(*) AS n FROM events GROUP BY uid, page");
        Stream otherFunction = query("per_minute", minute, "SELECT uid, window_start, COUNT(DISTINCT page) AS n FROM events GROUP BY uid");
        Stream otherWindow = query("per_minute", WindowClause.on(new Window.Tumbling(Duration.ofMinutes(5), Optional.of(Duration.ofSeconds(10))), "ts"),
                "SELECT uid, window_start, COUNT(*) AS n FROM events GROUP BY uid");

        Queue<StreamProgress> progress = new ConcurrentLinkedQueue<>();
        try (StreamRuntime runtime = new StreamRuntime(spark, TestingEngine.dataDirectory(), new StreamListener()
        {
            @Override
            public void onProgress(StreamProgress record)
            {
                progress.add(record);
            }

            @Override
            public void onTerminated(String stream, UUID runId, Optional<String> error) {}
        })) {
            String explained = runtime.explain(original, sources);
            assertTrue(explained.contains("`window`(`ts`, '60000 milliseconds')"), explained);
            assertTrue(explained.contains("EventTimeWatermark"), explained);

            write(input.resolve("1.json"), "a@5/home", "a@10/home", "b@15/cart");
            String deltaPath = TestingEngine.dataDirectory().resolve("delta").resolve("per_minute").toString();
            StreamHandle first = runtime.start(original, sources);
            assertTrue(first.awaitTermination(120_000));
            assertEquals(StreamRuntime.State.FINISHED, runtime.status("per_minute").orElseThrow().state());
            SparkSession deltaReader = spark.newSession();
            deltaReader.conf().set(StreamRuntime.DELTA_REQUIRED_CONFS_CHECK, "false");
            SparkSession.setActiveSession(deltaReader);
            assertEquals(0, deltaReader.read().format("delta").load(deltaPath).count(), "no window has closed yet");

            for (Stream incompatible : List.of(otherKeys, otherFunction, otherWindow)) {
                ModelException refused = assertThrows(ModelException.class, () -> runtime.checkKeepState(original, incompatible, sources));
                assertEquals("42P17", refused.sqlState());
                assertTrue(refused.getMessage().contains("KEEP STATE") && refused.getMessage().contains("RESET STATE"), refused.getMessage());
                System.out.println("refused: " + refused.getMessage());
            }
            runtime.checkKeepState(original, compatible, sources);

            // The changed query continues from the checkpoint: window [0, 60) of a holds the rows of both runs.
            write(input.resolve("2.json"), "a@20/cart", "a@25/health", "x@200/home");
            // Processing time: AVAILABLE NOW stops before the batch that would close the window.
            Stream continuing = new Stream(compatible.name(), 2, Optional.empty(), withTrigger((StreamQuery) compatible.definition()));
            runtime.start(continuing, sources).processAllAvailable();
            List<String> rows = deltaReader.read().format("delta").load(deltaPath).collectAsList().stream()
                    .map(row -> row.getString(0) + " " + (row.getTimestamp(1).getTime() / 1000 - BASE) + " " + row.getLong(2))
                    .sorted()
                    .toList();
            assertEquals(List.of("A 0 3", "B 0 1"), rows);

            // Pause keeps the checkpoint, resume continues from it, stop without KEEP CHECKPOINT deletes it.
            runtime.pause("per_minute");
            assertEquals(StreamRuntime.State.PAUSED, runtime.status("per_minute").orElseThrow().state());
            write(input.resolve("3.json"), "b@230/home", "y@400/home");
            runtime.resume("per_minute").processAllAvailable();
            assertEquals(StreamRuntime.State.RUNNING, runtime.status("per_minute").orElseThrow().state());
            assertEquals(List.of("A 0 3", "B 0 1", "B 180 1", "X 180 1"), deltaReader.read().format("delta").load(deltaPath).collectAsList().stream()
                    .map(row -> row.getString(0) + " " + (row.getTimestamp(1).getTime() / 1000 - BASE) + " " + row.getLong(2))
                    .sorted()
                    .toList());
            Path checkpoint = Path.of(runtime.checkpoint(original));
            assertTrue(Files.isDirectory(checkpoint));
            runtime.stop("per_minute", false);
            assertTrue(runtime.status("per_minute").isEmpty());
            assertTrue(Files.notExists(checkpoint));
        }
        SparkSession.setActiveSession(spark);
        assertTrue(progress.stream().anyMatch(record -> record.stream().equals("per_minute") && record.watermark().isPresent() && record.lagMillis().isPresent()), progress.toString());
    }

    private static StreamQuery withTrigger(StreamQuery query)
    {
        return new StreamQuery(query.sinkTable(), query.pool(), query.options(), query.window(), Optional.empty(), query.emit(), query.lateData(),
                query.retry(), query.maxLag(), query.inputs(), query.query());
    }

    private static void write(Path file, String... events)
            throws Exception
    {
        StringBuilder json = new StringBuilder();
        for (String event : events) {
            String uid = event.substring(0, event.indexOf('@'));
            long second = Long.parseLong(event.substring(event.indexOf('@') + 1, event.indexOf('/')));
            String page = event.substring(event.indexOf('/') + 1);
            json.append("{\"uid\":\"").append(uid).append("\",\"page\":\"").append(page).append("\",\"ts\":\"").append(Instant.ofEpochSecond(BASE + second)).append("\"}\n");
        }
        Path temporary = file.resolveSibling("." + file.getFileName());
        Files.writeString(temporary, json);
        Files.move(temporary, file);
    }

    private static Stream query(String name, WindowClause window, String sql)
    {
        return Stream.of(name, new StreamQuery(Optional.empty(), Optional.empty(), Map.of("format", "delta", "spark.sql.shuffle.partitions", "2"), Optional.of(window), Optional.of(new Trigger.AvailableNow()),
                EmitMode.FINAL, LateDataPolicy.DROP, Retry.NONE, Optional.empty(), List.of("events"), sql));
    }
}
