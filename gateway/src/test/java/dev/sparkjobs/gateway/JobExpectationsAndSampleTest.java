package dev.sparkjobs.gateway;

import static dev.sparkjobs.gateway.JobsTest.query;
import static dev.sparkjobs.gateway.JobsTest.row;
import static dev.sparkjobs.gateway.JobsTest.rows;
import static dev.sparkjobs.gateway.JobsTest.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CONSTRAINT ... EXPECT enforced on a job's output table, and RUN JOB ... SAMPLE n ROWS (test mode), on the embedded engine. */
class JobExpectationsAndSampleTest
{
    @Test
    void expectationsFailWarnDropAndQuarantine()
            throws Exception
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            for (String table : List.of("jx_in", "jx_out", "jx_bad")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            // 100 rows; ids 0, 10, ..., 90 have an amount that is not positive: 10 violating rows.
            statement.execute("CREATE TABLE jx_in USING parquet AS SELECT id, CASE WHEN id % 10 = 0 THEN -id ELSE id END AS amount FROM range(100)");
            statement.execute("CREATE TABLE jx_out (id BIGINT, amount BIGINT) USING parquet");
            String body = " AS INSERT OVERWRITE jx_out SELECT id, amount FROM jx_in";

            statement.execute("CREATE OR REPLACE JOB jx_fail CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION FAIL" + body);
            Map<String, String> failed = row(statement, "RUN JOB jx_fail WAIT");
            assertEquals("FAILED", failed.get("state"), failed.toString());
            assertEquals("EXPECTATION_FAILED", failed.get("error_class"), failed.toString());
            assertTrue(failed.get("error_message").contains("positive") && failed.get("error_message").contains("10 of 100 rows"), failed.get("error_message"));
            assertEquals("positive: 10 of 100 rows violate (FAIL)", scalar(statement, "SELECT expectations FROM system.job_runs WHERE run_id = '" + failed.get("run_id") + "'"));

            statement.execute("CREATE OR REPLACE JOB jx_warn CONSTRAINT positive EXPECT (amount > 0) CONSTRAINT small EXPECT (id < 1000) ON VIOLATION FAIL" + body);
            Map<String, String> warned = row(statement, "RUN JOB jx_warn WAIT");
            assertEquals("SUCCEEDED", warned.get("state"), warned.toString());
            assertEquals("positive: 10 of 100 rows violate (WARN)\nsmall: 0 of 100 rows violate (FAIL)",
                    scalar(statement, "SELECT expectations FROM system.job_runs WHERE run_id = '" + warned.get("run_id") + "'"));
            assertEquals("100", scalar(statement, "SELECT COUNT(*) FROM jx_out"));
            List<Map<String, String>> described = rows(statement, "DESCRIBE RUN '" + warned.get("run_id") + "'");
            assertTrue(described.stream().anyMatch(r -> r.get("section").equals("expectations") && r.get("name").equals("positive")), described.toString());

            statement.execute("CREATE OR REPLACE JOB jx_drop CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION DROP ROW" + body);
            assertEquals("SUCCEEDED", row(statement, "RUN JOB jx_drop WAIT").get("state"));
            // The job's session rewrote the table: this session forgets the files it had listed.
            statement.execute("REFRESH TABLE jx_out");
            assertEquals("90", scalar(statement, "SELECT COUNT(*) FROM jx_out"));
            assertEquals("0", scalar(statement, "SELECT COUNT(*) FROM jx_out WHERE amount <= 0"));

            statement.execute("CREATE OR REPLACE JOB jx_quarantine CONSTRAINT positive EXPECT (amount > 0) ON VIOLATION QUARANTINE INTO jx_bad" + body);
            assertEquals("SUCCEEDED", row(statement, "RUN JOB jx_quarantine WAIT").get("state"));
            statement.execute("REFRESH TABLE jx_out");
            assertEquals("90", scalar(statement, "SELECT COUNT(*) FROM jx_out"));
            assertEquals("10", scalar(statement, "SELECT COUNT(*) FROM jx_bad"));
            assertEquals("0", scalar(statement, "SELECT COUNT(*) FROM jx_bad WHERE amount > 0"));
        }
    }

    @Test
    void sampleRunsOnSampledInputsIntoScratchTables()
            throws Exception
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            for (String table : List.of("jx_orders", "jx_customers", "jx_totals")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("CREATE TABLE jx_orders USING parquet AS SELECT id AS order_id, id % 7 AS customer_id, id * 1.5 AS amount FROM range(1000)");
            statement.execute("CREATE TABLE jx_customers USING parquet AS SELECT id AS customer_id, concat('c', id) AS name FROM range(7)");
            statement.execute("CREATE TABLE jx_totals USING parquet AS SELECT 'keep' AS name, CAST(1.0 AS DOUBLE) AS total");
            statement.execute("""
                    CREATE OR REPLACE JOB jx_daily AS BEGIN
                      INSERT OVERWRITE jx_totals SELECT c.name, SUM(o.amount) FROM jx_orders o JOIN jx_customers c ON o.customer_id = c.customer_id GROUP BY c.name;
                      SELECT COUNT(*) AS orders FROM jx_orders;
                      SELECT COUNT(*) AS totals FROM jx_totals;
                    END""");
            List<Map<String, String>> preview = rows(statement, "RUN JOB jx_daily SAMPLE 10 ROWS");
            assertTrue(preview.stream().allMatch(r -> r.get("state").equals("SUCCEEDED")), preview.toString());
            String runId = preview.get(0).get("run_id");
            List<Map<String, String>> written = preview.stream().filter(r -> r.get("output").startsWith("sparkjobs_scratch.jx_totals_")).toList();
            assertTrue(!written.isEmpty() && written.size() <= 7, preview.toString());
            assertTrue(written.get(0).get("row").startsWith("{\"name\":\"c"), preview.toString());
            // The inputs were sampled: the job's own count of orders saw 10.
            assertEquals("{\"orders\":10}", preview.stream().filter(r -> r.get("output").equals("step 2")).findFirst().orElseThrow().get("row"));
            // A later statement reading the written table read the scratch table, not the real one.
            assertEquals("{\"totals\":" + written.size() + "}", preview.stream().filter(r -> r.get("output").equals("step 3")).findFirst().orElseThrow().get("row"));
            assertEquals(String.valueOf(written.size()), scalar(statement, "SELECT COUNT(*) FROM " + written.get(0).get("output")));
            // The real target is untouched.
            assertEquals(List.of("keep"), query(statement, "SELECT name FROM jx_totals"));
            assertEquals("SAMPLE", scalar(statement, "SELECT trigger_kind FROM system.job_runs WHERE run_id = '" + runId + "'"));

            // A statement whose target cannot be told is not run in test mode: the run fails and the real table keeps its row.
            statement.execute("CREATE OR REPLACE JOB jx_truncate AS BEGIN TRUNCATE TABLE jx_totals; SELECT 1; END");
            Map<String, String> refused = row(statement, "RUN JOB jx_truncate SAMPLE 5 ROWS");
            assertEquals("FAILED", refused.get("state"), refused.toString());
            assertTrue(refused.get("error_message").contains("SAMPLE cannot tell"), refused.toString());
            assertEquals("SAMPLE_UNSUPPORTED", scalar(statement, "SELECT error_class FROM system.job_runs WHERE run_id = '" + refused.get("run_id") + "'"));
            assertEquals(List.of("keep"), query(statement, "SELECT name FROM jx_totals"));
        }
    }
}
