package dev.sparkjobs.gateway;

import static dev.sparkjobs.gateway.JobsTest.row;
import static dev.sparkjobs.gateway.JobsTest.rows;
import static dev.sparkjobs.gateway.JobsTest.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run records beyond its state: Spark metrics, the Spark app and UI, the Spark log of its work. */
class JobRunDetailsTest
{
    @Test
    void sparkMetricsPerRun()
            throws Exception
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS jrd_source");
            statement.execute("DROP TABLE IF EXISTS jrd_sums");
            statement.execute("CREATE TABLE jrd_source USING parquet AS SELECT id, id % 10 AS k FROM range(20000)");
            statement.execute("CREATE TABLE jrd_sums (k BIGINT, total BIGINT) USING parquet");
            statement.execute("""
                    CREATE OR REPLACE JOB jrd_metrics WITH ('spark.sql.shuffle.partitions' = '2') AS BEGIN
                      INSERT OVERWRITE jrd_sums SELECT k, SUM(id) FROM jrd_source GROUP BY k;
                      SELECT COUNT(*) FROM jrd_sums;
                    END""");
            Map<String, String> run = row(statement, "RUN JOB jrd_metrics WAIT");
            assertEquals("SUCCEEDED", run.get("state"), run.toString());
            Map<String, String> stored = row(statement, "SELECT stages, tasks, executor_seconds, bytes_read, bytes_written, spark_app_id, spark_ui_url "
                    + "FROM system.job_runs WHERE run_id = '" + run.get("run_id") + "'");
            // The INSERT reads and aggregates (a map stage, a reduce stage that writes) and the SELECT counts: three stages at least.
            assertTrue(Integer.parseInt(stored.get("stages")) >= 3, stored.toString());
            assertTrue(Long.parseLong(stored.get("tasks")) >= Integer.parseInt(stored.get("stages")), stored.toString());
            assertTrue(Double.parseDouble(stored.get("executor_seconds")) > 0, stored.toString());
            assertTrue(Long.parseLong(stored.get("bytes_read")) > 0, stored.toString());
            assertTrue(Long.parseLong(stored.get("bytes_written")) > 0, stored.toString());
            assertEquals(scalar(statement, "SELECT spark_app_id FROM system.engines"), stored.get("spark_app_id"));
            assertNull(stored.get("spark_ui_url"), "the test engine runs with spark.ui.enabled=false: no link");

            // A second run of the same job counts its own work only.
            Map<String, String> second = row(statement, "RUN JOB jrd_metrics WAIT");
            assertEquals(stored.get("bytes_written"), scalar(statement, "SELECT bytes_written FROM system.job_runs WHERE run_id = '" + second.get("run_id") + "'"));

            List<Map<String, String>> shown = rows(statement, "SHOW RUNS FOR JOB jrd_metrics LIMIT 1");
            assertEquals(second.get("run_id"), shown.get(0).get("run_id"));
            assertTrue(Integer.parseInt(shown.get(0).get("stages")) >= 3, shown.toString());
            List<Map<String, String>> described = rows(statement, "DESCRIBE RUN '" + run.get("run_id") + "'");
            assertEquals(stored.get("tasks"), described.stream().filter(r -> r.get("section").equals("spark") && r.get("name").equals("tasks")).findFirst()
                    .orElseThrow(() -> new AssertionError(described.toString())).get("value"));
        }
    }

    @Test
    void sparkLogOfTheRunIsKeptInItsLog()
            throws Exception
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE JOB jrd_boom AS SELECT CASE WHEN id = 7 THEN raise_error(concat('jrd-boom-', CAST(id AS STRING))) ELSE id END FROM range(20)");
            Map<String, String> run = row(statement, "RUN JOB jrd_boom WAIT");
            assertEquals("FAILED", run.get("state"), run.toString());
            String log = Files.readString(Path.of(run.get("log_location")), StandardCharsets.UTF_8);
            // The executor's own report of the failed task, from the task's thread: a Spark line, not the runner's error line.
            assertTrue(log.lines().anyMatch(line -> line.startsWith("  spark| ") && line.contains("Executor") && line.contains("Exception in task")), log);
            assertTrue(log.contains("jrd-boom-7"), log);
            assertTrue(Long.parseLong(scalar(statement, "SELECT tasks FROM system.job_runs WHERE run_id = '" + run.get("run_id") + "'")) >= 1);

            // Another job's run in the same JVM gets none of those lines.
            statement.execute("CREATE OR REPLACE JOB jrd_quiet AS SELECT COUNT(*) FROM range(100)");
            Map<String, String> quiet = row(statement, "RUN JOB jrd_quiet WAIT");
            assertEquals("SUCCEEDED", quiet.get("state"));
            String quietLog = Files.readString(Path.of(quiet.get("log_location")), StandardCharsets.UTF_8);
            assertTrue(!quietLog.contains("jrd-boom"), quietLog);
        }
    }

    @Test
    void fileArrivalThroughHadoopFileSystem()
            throws Exception
    {
        Path inbox = Files.createTempDirectory("jrd-inbox-");
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS jrd_arrived");
            statement.execute("CREATE TABLE jrd_arrived (file STRING) USING parquet");
            Files.writeString(inbox.resolve("ignored.txt"), "x");
            statement.execute("CREATE OR REPLACE JOB jrd_files SCHEDULE ON FILE ARRIVAL IN '" + inbox.toUri() + "*.csv' "
                    + "AS INSERT INTO jrd_arrived SELECT '${file}'");
            Files.writeString(inbox.resolve("first.csv"), "1");
            JobsTest.waitFor(() -> JobsTest.query(statement, "SELECT state FROM system.job_runs WHERE job = 'jrd_files'").equals(List.of("SUCCEEDED")));
            Files.writeString(inbox.resolve("second.csv"), "2");
            JobsTest.waitFor(() -> JobsTest.query(statement, "SELECT state FROM system.job_runs WHERE job = 'jrd_files'").equals(List.of("SUCCEEDED", "SUCCEEDED")));
            statement.execute("REFRESH TABLE jrd_arrived");
            String root = inbox.toAbsolutePath().toString();
            assertEquals(List.of(root + "/first.csv", root + "/second.csv"), JobsTest.query(statement, "SELECT file FROM jrd_arrived ORDER BY file"));
            assertEquals("2", scalar(statement, "SELECT COUNT(*) FROM system.job_runs WHERE job = 'jrd_files' AND trigger_kind = 'FILE_ARRIVAL'"));
            statement.execute("DROP JOB jrd_files");
        }
    }
}
