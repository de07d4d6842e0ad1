package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restart safety: kill -9 the gateway while a run is in flight and a schedule is due, start it
 * again on the same data directory, and check that definitions and finished runs are intact, the
 * interrupted run is marked FAILED (INTERRUPTED) and retried by its policy, the missed fire gets
 * exactly one catch-up run, and nothing ran twice for one logical date.
 */
class JobsRestartIT
{
    @Test
    void killDashNineLosesNothing()
            throws Exception
    {
        Path work = GatewayProcess.newWorkDirectory("jobs-restart");
        Path data = work.resolve("data");
        String quickRun;
        String slowRun;
        Instant missedFire;
        GatewayProcess first = GatewayProcess.start(data, work.resolve("first"));
        try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE JOB jr_quick AS SELECT 1");
            statement.execute("CREATE JOB jr_slow RETRY 1 TIMES AS SELECT reflect('java.lang.Thread', 'sleep', CAST(20000 AS BIGINT))");
            quickRun = Jobs.rows(statement, "RUN JOB jr_quick WAIT").get(0).get("run_id");
            slowRun = Jobs.rows(statement, "RUN JOB jr_slow").get(0).get("run_id");
            Waits.until("jr_slow running", Duration.ofSeconds(60),
                    () -> Jobs.scalar(statement, "SELECT state FROM system.job_runs WHERE run_id = '" + slowRun + "'").equals("RUNNING"));
            // A minutely schedule whose next fire falls while the gateway is down.
            statement.execute("CREATE JOB jr_minutely SCHEDULE CRON '* * * * *' AS SELECT 2");
            missedFire = Jobs.nextMinute(Instant.now());
        }
        first.kill();
        System.out.println("killed gateway pid " + first.pid() + " with SIGKILL while run " + slowRun + " was RUNNING");
        while (Instant.now().isBefore(missedFire.plusSeconds(6))) {
            Thread.sleep(250); // the fire must pass while no gateway runs: waiting for the clock is the point
        }

        try (GatewayProcess second = GatewayProcess.start(data, work.resolve("second"));
                Connection connection = second.connect();
                Statement statement = connection.createStatement()) {
            assertEquals("3", Jobs.scalar(statement, "SELECT COUNT(*) FROM system.jobs WHERE name LIKE 'jr_%'"));
            assertEquals("SUCCEEDED", Jobs.scalar(statement, "SELECT state FROM system.job_runs WHERE run_id = '" + quickRun + "'"));
            Waits.until("jr_slow's retry to finish", Duration.ofSeconds(90),
                    () -> Jobs.scalar(statement, "SELECT state FROM system.job_runs WHERE run_id = '" + slowRun + "'").equals("SUCCEEDED"));
            List<Map<String, String>> attempts = Jobs.rows(statement, "DESCRIBE RUN '" + slowRun + "'").stream().filter(row -> row.get("section").equals("attempts")).toList();
            assertEquals(2, attempts.size(), attempts.toString());
            assertTrue(attempts.get(0).get("value").startsWith("FAILED") && attempts.get(0).get("value").contains("the gateway stopped"), attempts.toString());
            String missed = Jobs.sqlTimestamp(missedFire);
            Waits.until("the catch-up run", Duration.ofSeconds(60), () -> !Jobs.rows(statement,
                    "SELECT run_id FROM system.job_runs WHERE job = 'jr_minutely' AND trigger_kind = 'CATCH_UP' AND logical_date >= TIMESTAMP '" + missed + "'").isEmpty());
            List<Map<String, String>> perDate = Jobs.rows(statement,
                    "SELECT logical_date, COUNT(*) AS runs FROM system.job_runs WHERE job = 'jr_minutely' GROUP BY logical_date ORDER BY logical_date");
            assertTrue(perDate.stream().allMatch(row -> row.get("runs").equals("1")), "one run per logical date: " + perDate);
            long catchUps = Long.parseLong(Jobs.scalar(statement, "SELECT COUNT(*) FROM system.job_runs WHERE job = 'jr_minutely' AND trigger_kind = 'CATCH_UP'"));
            assertEquals(1, catchUps);
            String interrupted = Jobs.scalar(statement, "SELECT COUNT(*) FROM system.job_runs WHERE job = 'jr_slow'");
            System.out.printf("after restart: 3 job definitions intact, finished run %s SUCCEEDED, interrupted run %s retried (attempts %d, %s runs of jr_slow), "
                    + "jr_minutely: %d catch-up run, %d logical dates, each with 1 run%n", quickRun, slowRun, attempts.size(), interrupted, catchUps, perDate.size());
            statement.execute("DROP JOB jr_minutely");
        }
    }
}
