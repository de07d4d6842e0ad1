package dev.sparkjobs.gateway;

import static dev.sparkjobs.gateway.JobsTest.row;
import static dev.sparkjobs.gateway.JobsTest.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pools defined in SQL on the embedded provider: shown live, and every IN POOL maps to the one embedded engine. */
class PoolsTest
{
    @Test
    void poolsAreShownLiveAndJobsInAPoolRunOnTheEmbeddedEngine()
            throws Exception
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP JOB IF EXISTS pt_job");
            statement.execute("DROP POOL IF EXISTS pt_pool");
            statement.execute("CREATE POOL pt_pool WITH ('share.level' = 'TENANT', 'min.engines' = '1', 'max.engines' = '3', 'driver.memory' = '1g')");
            Map<String, String> pool = row(statement, "SELECT name, version, share_level, min_engines, max_engines, provider, engines FROM system.pools WHERE name = 'pt_pool'");
            assertEquals(Map.of("name", "pt_pool", "version", "1", "share_level", "TENANT", "min_engines", "1", "max_engines", "3", "provider", "embedded",
                    "engines", "1"), pool);
            Map<String, String> defaults = row(statement, "SELECT share_level, min_engines, max_engines, provider FROM system.pools WHERE name = 'default'");
            assertEquals(Map.of("share_level", "USER", "min_engines", "1", "max_engines", "8", "provider", "embedded"), defaults);

            statement.execute("ALTER POOL pt_pool SET WITH ('max.engines' = '5')");
            assertEquals("5", scalar(statement, "SELECT max_engines FROM system.pools WHERE name = 'pt_pool'"));

            statement.execute("CREATE JOB pt_job IN POOL pt_pool AS SELECT COUNT(*) FROM range(10)");
            Map<String, String> run = row(statement, "RUN JOB pt_job WAIT");
            assertEquals("SUCCEEDED", run.get("state"), run.toString());
            String engineApp = scalar(statement, "SELECT spark_app_id FROM system.engines");
            assertEquals(engineApp, scalar(statement, "SELECT spark_app_id FROM system.job_runs WHERE run_id = '" + run.get("run_id") + "'"));
            Map<String, String> engine = row(statement, "SELECT provider, pool, state, launch_phase, age_ms FROM system.engines");
            assertEquals("embedded", engine.get("provider"));
            assertEquals("READY", engine.get("launch_phase"));
            assertTrue(Long.parseLong(engine.get("age_ms")) >= 0, engine.toString());
            String log = java.nio.file.Files.readString(java.nio.file.Path.of(scalar(statement, "SELECT log_location FROM system.job_runs WHERE run_id = '"
                    + run.get("run_id") + "'")));
            assertTrue(log.contains("(embedded, pool pt_pool, Spark application " + engineApp), log);

            statement.execute("DROP JOB pt_job");
            statement.execute("DROP POOL pt_pool");
            assertEquals("0", scalar(statement, "SELECT COUNT(*) FROM system.pools WHERE name = 'pt_pool'"));
        }
    }
}
