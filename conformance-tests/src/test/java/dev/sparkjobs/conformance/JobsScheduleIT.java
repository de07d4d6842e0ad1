package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The jobs issue's end-to-end scenario through a stock client (Arrow Flight SQL JDBC) against the
 * packaged gateway: a three-job DAG on a one-minute cron — two parents, one child WHEN ALL
 * SUCCEEDED — runs two scheduled cycles in order; in the second a parent fails after a retry with
 * backoff, the child ends UPSTREAM_FAILED, and the failing parent's SLA miss reaches a local
 * webhook. system.job_runs shows all of it. Takes two to three minutes (two cron cycles).
 */
class JobsScheduleIT
{
    @Test
    void dagOnCronWithRetrySlaAndUpstreamFailure()
            throws Exception
    {
        List<String> webhook = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                webhook.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        Path work = GatewayProcess.newWorkDirectory("jobs-schedule");
        try (GatewayProcess gateway = GatewayProcess.start(work.resolve("data"), work.resolve("logs"));
                Connection connection = gateway.connect();
                Statement statement = connection.createStatement()) {
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            statement.execute("CREATE TABLE js_flags (fail BOOLEAN) USING parquet");
            statement.execute("INSERT INTO js_flags VALUES (false)");
            statement.execute("CREATE TABLE js_out (job STRING, logical_date STRING) USING parquet");
            statement.execute("CREATE JOB js_a SCHEDULE CRON '* * * * *' AS INSERT INTO js_out VALUES ('js_a', '${logical_date}')");
            statement.execute("CREATE JOB js_b SCHEDULE CRON '* * * * *'"
                    + " RETRY 1 TIMES DELAY INTERVAL '3' SECOND BACKOFF EXPONENTIAL"
                    + " SLA FINISH WITHIN INTERVAL '20' SECOND OF SCHEDULED TIME ON SLA MISS NOTIFY '" + hook + "'"
                    + " ON FAILURE NOTIFY '" + hook + "'"
                    + " AS INSERT INTO js_out SELECT CASE WHEN fail THEN raise_error('js_b fails on purpose') ELSE 'js_b' END, '${logical_date}' FROM js_flags");
            statement.execute("CREATE JOB js_c AFTER js_a, js_b WHEN ALL SUCCEEDED AS INSERT INTO js_out VALUES ('js_c', '${logical_date}')");

            // Cycle 1: everything succeeds, the child after both parents.
            Instant first = Jobs.nextMinute(Instant.now());
            String firstDate = Jobs.sqlTimestamp(first);
            Waits.until("the child's run of cycle 1", Duration.ofSeconds(150), () -> !Jobs.rows(statement,
                    "SELECT state FROM system.job_runs WHERE job = 'js_c' AND state = 'SUCCEEDED' AND logical_date = TIMESTAMP '" + firstDate + "'").isEmpty());
            // Cycle 2: js_b fails (after one retry), so js_c is UPSTREAM_FAILED.
            statement.execute("INSERT OVERWRITE js_flags VALUES (true)");
            Instant second = Jobs.nextMinute(Instant.now());
            String secondDate = Jobs.sqlTimestamp(second);
            Waits.until("the child's run of cycle 2", Duration.ofSeconds(150), () -> !Jobs.rows(statement,
                    "SELECT state FROM system.job_runs WHERE job = 'js_c' AND logical_date = TIMESTAMP '" + secondDate + "' AND state = 'UPSTREAM_FAILED'").isEmpty());

            List<Map<String, String>> runs = Jobs.rows(statement, "SELECT job, trigger_kind, logical_date, attempt, state, started_at, finished_at "
                    + "FROM system.job_runs WHERE logical_date IN (TIMESTAMP '" + firstDate + "', TIMESTAMP '" + secondDate + "') ORDER BY logical_date, job");
            System.out.println("system.job_runs for the two cycles:");
            runs.forEach(row -> System.out.println("  " + row));
            assertEquals(6, runs.size(), runs.toString());
            assertEquals(List.of("js_a SCHEDULE SUCCEEDED 1", "js_b SCHEDULE SUCCEEDED 1", "js_c UPSTREAM SUCCEEDED 1",
                    "js_a SCHEDULE SUCCEEDED 1", "js_b SCHEDULE FAILED 2", "js_c UPSTREAM UPSTREAM_FAILED 0"),
                    runs.stream().map(row -> row.get("job") + " " + row.get("trigger_kind") + " " + row.get("state") + " " + row.get("attempt")).toList());
            // The child started only after both parents finished, and cycle 2 only after cycle 1.
            Map<String, String> childFirst = runs.get(2);
            assertTrue(childFirst.get("started_at").compareTo(runs.get(0).get("finished_at")) >= 0 && childFirst.get("started_at").compareTo(runs.get(1).get("finished_at")) >= 0,
                    runs.toString());
            // The retry waited its backoff: two attempts of js_b, the second at least 3 s after the first ended.
            List<Map<String, String>> alerts = Jobs.rows(statement, "SELECT kind, object_name, notify_state FROM system.alerts WHERE object_name = 'js_b' ORDER BY raised_at");
            assertTrue(alerts.stream().anyMatch(a -> a.get("kind").equals("FAILURE")), alerts.toString());
            Waits.until("the webhook receives js_b's failure", Duration.ofSeconds(30), () -> webhook.stream().anyMatch(e -> e.contains("\"kind\":\"FAILURE\"")));
            // SLA FINISH WITHIN 20 s of the scheduled time: cycle 2 of js_b never succeeded, so the miss is raised at fire time + 20 s.
            Waits.until("the webhook receives js_b's SLA miss", Duration.ofSeconds(60), () -> webhook.stream().anyMatch(e -> e.contains("\"kind\":\"SLA_MISS\"")));
            assertEquals("SENT", Jobs.scalar(statement, "SELECT notify_state FROM system.alerts WHERE kind = 'SLA_MISS' AND object_name = 'js_b'"));
            assertEquals(List.of("js_a|" + firstDate.substring(0, 16), "js_b|" + firstDate.substring(0, 16), "js_c|" + firstDate.substring(0, 16), "js_a|" + secondDate.substring(0, 16)),
                    // Only the two cycles watched: a cycle may fire before the first one (jobs created just before a minute
                    // turns) or after the second (a slow machine), and its rows are right but not this test's.
                    Jobs.rows(statement, "SELECT * FROM (SELECT job, substr(replace(logical_date, 'T', ' '), 1, 16) AS d FROM js_out) WHERE d IN ('"
                            + firstDate.substring(0, 16) + "', '" + secondDate.substring(0, 16) + "') ORDER BY d, job").stream()
                            .map(row -> row.get("job") + "|" + row.get("d")).toList());
            // Scheduling delay: fire time (the logical date) to the run's start (engine session open, first statement next).
            List<Long> delays = new ArrayList<>();
            for (Map<String, String> row : Jobs.rows(statement, "SELECT logical_date, started_at FROM system.job_runs WHERE trigger_kind = 'SCHEDULE' AND attempt = 1 AND started_at IS NOT NULL")) {
                delays.add(java.sql.Timestamp.valueOf(row.get("started_at")).getTime() - java.sql.Timestamp.valueOf(row.get("logical_date")).getTime());
            }
            Collections.sort(delays);
            System.out.printf("scheduling delay, fire time to first attempt start, over %d scheduled runs: median %d ms, max %d ms%n", delays.size(),
                    delays.get(delays.size() / 2), delays.get(delays.size() - 1));
            System.out.println("webhook events: " + webhook.size());
            webhook.forEach(event -> System.out.println("  " + event));
            statement.execute("DROP JOB js_c");
            statement.execute("DROP JOB js_a");
            statement.execute("DROP JOB js_b");
        }
        finally {
            receiver.stop(0);
        }
    }
}
