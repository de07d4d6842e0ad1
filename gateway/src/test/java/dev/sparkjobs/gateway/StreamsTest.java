package dev.sparkjobs.gateway;

import static dev.sparkjobs.gateway.JobsTest.query;
import static dev.sparkjobs.gateway.JobsTest.rows;
import static dev.sparkjobs.gateway.JobsTest.scalar;
import static dev.sparkjobs.gateway.JobsTest.sqlState;
import static dev.sparkjobs.gateway.JobsTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streams through a stock client: a file source, a tumbling window EMIT FINAL into a table, progress, pause, drop. */
class StreamsTest
{
    @Test
    void tumblingWindowOverArrivingFiles()
            throws Exception
    {
        Path incoming = Files.createTempDirectory("stream-in-");
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS st_counts");
            statement.execute("CREATE OR REPLACE STREAM st_clicks (uid STRING, page STRING, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) "
                    + "WITH ('connector' = 'files', 'path' = '" + incoming + "', 'format' = 'json')");
            statement.execute("CREATE OR REPLACE STREAM st_per_minute INTO st_counts WINDOW TUMBLING (SIZE INTERVAL '1' MINUTE) ON ts "
                    + "TRIGGER PROCESSING TIME INTERVAL '1' SECOND EMIT FINAL "
                    + "AS SELECT page, window_start, window_end, COUNT(*) AS clicks FROM st_clicks GROUP BY page");
            assertEquals("RUNNING", scalar(statement, "SELECT status FROM system.streams WHERE name = 'st_per_minute'"));
            String plan = rows(statement, "EXPLAIN STREAM st_per_minute").stream()
                    .filter(row -> row.get("section").equals("spark_plan")).map(row -> row.get("value")).findFirst().orElseThrow();
            assertTrue(plan.contains("== Physical Plan ==") && plan.contains("== Spark SQL =="), plan);

            arrive(incoming, "a.json", """
                    {"uid": "u1", "page": "home", "ts": "2026-01-01T00:00:05Z"}
                    {"uid": "u2", "page": "home", "ts": "2026-01-01T00:00:15Z"}
                    {"uid": "u1", "page": "cart", "ts": "2026-01-01T00:00:40Z"}
                    {"uid": "u3", "page": "home", "ts": "2026-01-01T00:00:59Z"}
                    """);
            // An event two minutes on moves the watermark past the first minute's end: its windows are final.
            arrive(incoming, "b.json", """
                    {"uid": "u4", "page": "home", "ts": "2026-01-01T00:02:10Z"}
                    """);
            // A session that has read a file table caches its file list (Spark's behaviour): REFRESH TABLE sees new sink files.
            waitFor(() -> {
                try {
                    statement.execute("REFRESH TABLE st_counts");
                }
                catch (SQLException e) {
                    throw new AssertionError(e);
                }
                return query(statement, "SELECT COUNT(*) FROM st_counts").equals(List.of("2"));
            });
            assertEquals(List.of("cart|1", "home|3"), rows(statement, "SELECT page, clicks FROM st_counts ORDER BY page").stream()
                    .map(row -> row.get("page") + "|" + row.get("clicks")).toList());
            waitFor(() -> Integer.parseInt(scalar(statement, "SELECT COUNT(*) FROM system.stream_progress WHERE stream = 'st_per_minute'")) >= 2);
            assertTrue(rows(statement, "SHOW STREAMS LIKE 'st_*'").size() >= 2);
            assertTrue(rows(statement, "SHOW RUNS FOR STREAM st_per_minute LIMIT 5").size() >= 1);

            SQLException incompatible = assertThrows(SQLException.class, () -> statement.execute(
                    "ALTER STREAM st_per_minute AS SELECT uid, window_start, window_end, COUNT(*) AS clicks FROM st_clicks GROUP BY uid KEEP STATE"));
            assertEquals("42P17", sqlState(incompatible), incompatible.getMessage());

            statement.execute("ALTER STREAM st_per_minute PAUSE");
            assertEquals("PAUSED", scalar(statement, "SELECT status FROM system.streams WHERE name = 'st_per_minute'"));
            statement.execute("ALTER STREAM st_per_minute RESUME");
            assertEquals("RUNNING", scalar(statement, "SELECT status FROM system.streams WHERE name = 'st_per_minute'"));
            statement.execute("DROP STREAM st_per_minute");
            statement.execute("DROP STREAM st_clicks");
            assertEquals("0", scalar(statement, "SELECT COUNT(*) FROM system.streams WHERE name LIKE 'st_%'"));
        }
    }

    /**
     * ALTER STREAM ... AS ... KEEP STATE with a compatible change (a filter before the aggregation):
     * the window begun by the old query is finished by the new one with the old query's counts. The
     * events are from January 2026, far behind the clock: SLA MAX LAG raises one STREAM_LAG alert
     * for the breach, not one per batch.
     */
    @Test
    void keepStateWithACompatibleChangeAndLagAlert()
            throws Exception
    {
        Path incoming = Files.createTempDirectory("stream-keep-");
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS sk_counts");
            statement.execute("CREATE OR REPLACE STREAM sk_clicks (uid STRING, page STRING, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) "
                    + "WITH ('connector' = 'files', 'path' = '" + incoming + "', 'format' = 'json')");
            statement.execute("CREATE OR REPLACE STREAM sk_per_minute INTO sk_counts WITH ('spark.sql.shuffle.partitions' = '1') "
                    + "WINDOW TUMBLING (SIZE INTERVAL '1' MINUTE) ON ts TRIGGER PROCESSING TIME INTERVAL '1' SECOND EMIT FINAL "
                    + "SLA MAX LAG INTERVAL '1' HOUR "
                    + "AS SELECT page, window_start, window_end, COUNT(*) AS clicks FROM sk_clicks GROUP BY page");
            arrive(incoming, "a.json", """
                    {"uid": "u1", "page": "home", "ts": "2026-01-01T00:00:05Z"}
                    {"uid": "u2", "page": "home", "ts": "2026-01-01T00:00:15Z"}
                    {"uid": "u3", "page": "spam", "ts": "2026-01-01T00:00:20Z"}
                    """);
            waitFor(() -> Long.parseLong(scalar(statement, "SELECT COALESCE(SUM(input_rows), 0) FROM system.stream_progress WHERE stream = 'sk_per_minute'")) >= 3);

            statement.execute("ALTER STREAM sk_per_minute AS SELECT page, window_start, window_end, COUNT(*) AS clicks FROM sk_clicks "
                    + "WHERE page <> 'spam' GROUP BY page KEEP STATE");
            assertEquals("RUNNING", scalar(statement, "SELECT status FROM system.streams WHERE name = 'sk_per_minute'"));
            arrive(incoming, "b.json", """
                    {"uid": "u4", "page": "home", "ts": "2026-01-01T00:00:30Z"}
                    {"uid": "u5", "page": "spam", "ts": "2026-01-01T00:00:40Z"}
                    """);
            arrive(incoming, "c.json", """
                    {"uid": "u6", "page": "cart", "ts": "2026-01-01T00:03:00Z"}
                    """);
            waitFor(() -> {
                refresh(statement, "sk_counts");
                return Integer.parseInt(scalar(statement, "SELECT COUNT(*) FROM sk_counts")) >= 2;
            });
            // home: two counted by the old query, one by the new; spam: one by the old (its state), the new one filtered out.
            assertEquals(List.of("home|3", "spam|1"), rows(statement, "SELECT page, clicks FROM sk_counts ORDER BY page").stream()
                    .map(row -> row.get("page") + "|" + row.get("clicks")).toList());
            assertEquals("1", scalar(statement, "SELECT COUNT(*) FROM system.alerts WHERE kind = 'STREAM_LAG' AND object_name = 'sk_per_minute'"));
            assertTrue(scalar(statement, "SELECT message FROM system.alerts WHERE kind = 'STREAM_LAG' AND object_name = 'sk_per_minute'")
                    .contains("over its SLA MAX LAG"));
            statement.execute("DROP STREAM sk_per_minute");
            statement.execute("DROP STREAM sk_clicks");
        }
    }

    /** A stream joined with an ordinary table: the table is read as a table, the stream as a stream. */
    @Test
    void streamJoinedWithATable()
            throws Exception
    {
        Path incoming = Files.createTempDirectory("stream-join-");
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS sj_pages");
            statement.execute("DROP TABLE IF EXISTS sj_out");
            statement.execute("CREATE TABLE sj_pages USING parquet AS SELECT * FROM VALUES ('home', 'landing'), ('cart', 'checkout') AS t(page, category)");
            statement.execute("CREATE OR REPLACE STREAM sj_clicks (uid STRING, page STRING) WITH ('connector' = 'files', 'path' = '" + incoming + "', 'format' = 'json')");
            statement.execute("CREATE OR REPLACE STREAM sj_enriched INTO sj_out TRIGGER PROCESSING TIME INTERVAL '1' SECOND "
                    + "AS SELECT c.uid, c.page, p.category FROM sj_clicks c JOIN sj_pages p ON c.page = p.page");
            arrive(incoming, "a.json", """
                    {"uid": "u1", "page": "home"}
                    {"uid": "u2", "page": "cart"}
                    {"uid": "u3", "page": "unknown"}
                    """);
            waitFor(() -> {
                refresh(statement, "sj_out");
                return Integer.parseInt(scalar(statement, "SELECT COUNT(*) FROM sj_out")) >= 2;
            });
            assertEquals(List.of("u1|home|landing", "u2|cart|checkout"), rows(statement, "SELECT uid, page, category FROM sj_out ORDER BY uid").stream()
                    .map(row -> row.get("uid") + "|" + row.get("page") + "|" + row.get("category")).toList());
            statement.execute("DROP STREAM sj_enriched");
            statement.execute("DROP STREAM sj_clicks");
        }
    }

    /**
     * RETRY: a batch fails (raise_error on a poisoned row), the stream is started again from its
     * checkpoint after the delay, and once the poisoned file is gone it goes on (status RUNNING, no
     * failure alert). With its retries used up a stream fails: status FAILED and a FAILURE alert.
     */
    @Test
    void failedStreamsRetryFromTheirCheckpoint()
            throws Exception
    {
        Path incoming = Files.createTempDirectory("stream-retry-");
        Path poisonedIncoming = Files.createTempDirectory("stream-poison-");
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS sr_out");
            statement.execute("DROP TABLE IF EXISTS sr_out_failing");
            statement.execute("CREATE OR REPLACE STREAM sr_clicks (uid STRING, page STRING) WITH ('connector' = 'files', 'path' = '" + incoming + "', 'format' = 'json')");
            statement.execute("CREATE OR REPLACE STREAM sr_poisoned (uid STRING, page STRING) WITH ('connector' = 'files', 'path' = '" + poisonedIncoming + "', 'format' = 'json')");
            String checked = "SELECT uid, CASE WHEN page = 'boom' THEN raise_error('poisoned row') ELSE page END AS page FROM ";
            statement.execute("CREATE OR REPLACE STREAM sr_checked INTO sr_out WITH ('spark.sql.files.ignoreMissingFiles' = 'true') "
                    + "TRIGGER PROCESSING TIME INTERVAL '1' SECOND RETRY 20 TIMES DELAY INTERVAL '1' SECOND AS " + checked + "sr_clicks");
            statement.execute("CREATE OR REPLACE STREAM sr_failing INTO sr_out_failing "
                    + "TRIGGER PROCESSING TIME INTERVAL '1' SECOND RETRY 1 TIMES DELAY INTERVAL '1' SECOND AS " + checked + "sr_poisoned");
            dev.sparkjobs.pool.stream.StreamRuntime runtime = TestingGateway.shared().streamRuntime().orElseThrow();
            java.util.UUID firstRun = runtime.handle("sr_checked").runId();

            arrive(incoming, "bad.json", """
                    {"uid": "u1", "page": "boom"}
                    """);
            arrive(poisonedIncoming, "bad.json", """
                    {"uid": "u1", "page": "boom"}
                    """);
            // A new run of the same stream: the failed one was retried.
            waitFor(() -> !runtime.handle("sr_checked").runId().equals(firstRun));
            Files.delete(incoming.resolve("bad.json"));
            arrive(incoming, "good.json", """
                    {"uid": "u2", "page": "home"}
                    """);
            waitFor(() -> {
                refresh(statement, "sr_out");
                return Integer.parseInt(scalar(statement, "SELECT COUNT(*) FROM sr_out")) >= 1;
            });
            assertEquals(List.of("u2|home"), rows(statement, "SELECT uid, page FROM sr_out").stream().map(row -> row.get("uid") + "|" + row.get("page")).toList());
            assertEquals("RUNNING", scalar(statement, "SELECT status FROM system.streams WHERE name = 'sr_checked'"));
            assertEquals("0", scalar(statement, "SELECT COUNT(*) FROM system.alerts WHERE kind = 'FAILURE' AND object_name = 'sr_checked'"));

            // One retry, then the stream has failed for good.
            waitFor(() -> "FAILED".equals(scalar(statement, "SELECT status FROM system.streams WHERE name = 'sr_failing'")));
            assertTrue(scalar(statement, "SELECT message FROM system.alerts WHERE kind = 'FAILURE' AND object_name = 'sr_failing'").contains("poisoned row"));
            statement.execute("DROP STREAM sr_checked");
            statement.execute("DROP STREAM sr_failing");
            statement.execute("DROP STREAM sr_clicks");
            statement.execute("DROP STREAM sr_poisoned");
        }
    }

    private static void refresh(Statement statement, String table)
    {
        try {
            statement.execute("REFRESH TABLE " + table);
        }
        catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes a file elsewhere and moves it in, as a file source wants. */
    private static void arrive(Path directory, String name, String content)
            throws Exception
    {
        Path staged = Files.createTempFile("stream-file-", ".json");
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        Files.move(staged, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
