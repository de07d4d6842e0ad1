package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The launcher's contract: {@code --help}, where the doors listen, health and metrics. */
@ExtendWith(SharedGateway.class)
class LauncherIT
{
    @Test
    void helpListsTheFlagsAndExitsZero()
            throws IOException, InterruptedException
    {
        Path work = GatewayProcess.newWorkDirectory("help");
        Path out = work.resolve("help.stdout.log");
        Process process = new ProcessBuilder(GatewayProcess.home().resolve("bin").resolve("sparkjobs").toString(), "gateway", "--help")
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(work.resolve("help.stderr.log").toFile())
                .start();
        try {
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "sparkjobs gateway --help did not exit");
        }
        finally {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "exit code of sparkjobs gateway --help");
        String help = Files.readString(out, StandardCharsets.UTF_8);
        for (String flag : List.of("--data-dir", "--flight-port", "--hs2-port", "--http-port", "--config", "--help")) {
            assertTrue(help.contains(flag), "--help does not list " + flag + ":\n" + help);
        }
    }

    @Test
    void printsWhereEachDoorListens(GatewayProcess gateway)
            throws IOException
    {
        String stdout = Files.readString(gateway.stdout(), StandardCharsets.UTF_8);
        assertTrue(stdout.contains("grpc+tcp://127.0.0.1:" + gateway.flightPort()), "stdout does not name the Flight SQL address:\n" + stdout);
        assertTrue(stdout.contains("jdbc:arrow-flight-sql://127.0.0.1:" + gateway.flightPort() + "?useEncryption=false"), "stdout does not name the JDBC URL:\n" + stdout);
        assertTrue(stdout.contains("http://127.0.0.1:" + gateway.httpPort()), "stdout does not name the HTTP address:\n" + stdout);
        assertTrue(stdout.contains("jdbc:hive2://127.0.0.1:" + gateway.ports().hs2() + "/default"), "stdout does not name the HiveServer2 JDBC URL:\n" + stdout);
        assertTrue(stdout.contains("http://127.0.0.1:" + gateway.ports().hs2Http() + "/cliservice"), "stdout does not name the HiveServer2 HTTP address:\n" + stdout);
    }

    @Test
    void healthzAnswersOk(GatewayProcess gateway)
            throws IOException, InterruptedException
    {
        Http.Response health = Http.get(gateway.httpPort(), "/healthz");
        assertEquals(200, health.status());
        assertEquals("ok", health.body().trim());
        assertEquals(404, Http.get(gateway.httpPort(), "/no-such-page").status());
    }

    @Test
    void metricsCountStatementsByKindAndOutcome(GatewayProcess gateway)
            throws IOException, InterruptedException, SQLException
    {
        String before = gateway.metrics();
        double successes = counter(before, "sparkjobs_statements_total", "query", "success");
        double errors = counter(before, "sparkjobs_statements_total", "query", "error");
        double rows = counter(before, "sparkjobs_result_rows_total", null, null);

        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < 2; i++) {
                try (ResultSet result = statement.executeQuery("SELECT id FROM range(0, 10)")) {
                    int count = 0;
                    while (result.next()) {
                        count++;
                    }
                    assertEquals(10, count);
                }
            }
            assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM metrics_no_such_table"));
        }

        // The server counts a statement when its stream closes, which may be just after the client has its last batch.
        Waits.until("the statement counters to move", Duration.ofSeconds(10), () -> {
            String after = gateway.metrics();
            return counter(after, "sparkjobs_statements_total", "query", "success") >= successes + 2
                    && counter(after, "sparkjobs_statements_total", "query", "error") >= errors + 1
                    && counter(after, "sparkjobs_result_rows_total", null, null) >= rows + 20;
        });
        String after = gateway.metrics();
        assertTrue(after.contains("sparkjobs_statement_latency_seconds_bucket"), "no latency histogram in /metrics");
        assertTrue(after.contains("sparkjobs_sessions_active"), "no active-session gauge in /metrics");
    }

    /** The value of one Prometheus counter line, 0 when the series does not exist yet. */
    static double counter(String metrics, String name, String kind, String outcome)
    {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(metrics);
        while (matcher.find()) {
            String labels = matcher.group(1) == null ? "" : matcher.group(1);
            if ((kind == null || labels.contains("kind=\"" + kind + "\"")) && (outcome == null || labels.contains("outcome=\"" + outcome + "\""))) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }
}
