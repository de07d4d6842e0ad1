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

    /** Writes a file elsewhere and moves it in, as a file source wants. */
    private static void arrive(Path directory, String name, String content)
            throws Exception
    {
        Path staged = Files.createTempFile("stream-file-", ".json");
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        Files.move(staged, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
