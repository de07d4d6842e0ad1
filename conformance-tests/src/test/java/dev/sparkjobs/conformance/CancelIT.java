package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code Statement.cancel()} from another thread stops a long query: the client's call fails at
 * once, the Spark job ends on the server (its operation leaves the active-operations gauge and is
 * counted as cancelled), and the connection serves the next statement.
 */
@ExtendWith(SharedGateway.class)
class CancelIT
{
    // About 4·10^12 row pairs: many minutes on two cores, so only a cancel ends it within the timeouts below.
    private static final String LONG_QUERY = "SELECT count(*) FROM range(0, 2000000) a CROSS JOIN range(0, 2000000) b WHERE (a.id + b.id) % 1000003 = 0";

    private static GatewayProcess gateway;

    @BeforeAll
    static void gateway(GatewayProcess shared)
    {
        gateway = shared;
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void cancelStopsTheQueryAndTheConnectionStaysUsable()
            throws Exception
    {
        try (Connection connection = gateway.connect()) {
            cancelStopsTheQuery(gateway, connection, Duration.ofSeconds(15));
        }
    }

    /**
     * Runs {@link #LONG_QUERY} on {@code connection}, cancels it from another thread, and checks that
     * the client's call fails as cancelled, that the server's operation ends within {@code jobStop}
     * of the cancel and is counted as cancelled, and that the connection serves the next statement. Any client's
     * connection will do (the Hive JDBC tests use it too).
     */
    static void cancelStopsTheQuery(GatewayProcess gateway, Connection connection, Duration jobStop)
            throws Exception
    {
        double cancelledBefore = LauncherIT.counter(gateway.metrics(), "sparkjobs_statements_total", "query", "cancelled");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Statement statement = connection.createStatement()) {
            CompletableFuture<Long> execution = CompletableFuture.supplyAsync(() -> {
                try (ResultSet result = statement.executeQuery(LONG_QUERY)) {
                    result.next();
                    return result.getLong(1);
                }
                catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, executor);

            Waits.until("the long query to be running on the gateway", Duration.ofSeconds(60),
                    () -> execution.isDone() || activeOperations(gateway) >= 1);
            assertFalse(execution.isDone(), () -> "the long query ended before it was cancelled: " + execution.join());

            long cancelled = System.nanoTime();
            statement.cancel();
            Throwable failure = failureOf(execution);
            Duration failedAfter = Duration.ofNanos(System.nanoTime() - cancelled);
            assertInstanceOf(SQLException.class, failure);
            assertTrue(failure.getMessage().toLowerCase(Locale.ROOT).contains("cancel"), "not a cancellation error: " + failure.getMessage());
            System.out.printf("cancel: the client's execute failed %d ms after Statement.cancel()%n", failedAfter.toMillis());

            // The Spark job must stop too, not only the client's call: the operation ends (its stream
            // closes only once the job has ended) and is counted as cancelled.
            long jobStopWait = System.nanoTime();
            try {
                Waits.until("the cancelled Spark job to stop", jobStop, () -> activeOperations(gateway) == 0
                        && LauncherIT.counter(gateway.metrics(), "sparkjobs_statements_total", "query", "cancelled") >= cancelledBefore + 1);
            }
            catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; metrics now:\n" + statementMetrics(gateway), e);
            }
            System.out.printf("cancel: the server's operation ended %d ms after the client's call failed%n", Duration.ofNanos(System.nanoTime() - jobStopWait).toMillis());
            Duration sinceCancel = Duration.ofNanos(System.nanoTime() - cancelled);
            assertTrue(sinceCancel.compareTo(jobStop) <= 0, "the server's operation ended " + sinceCancel.toMillis() + " ms after Statement.cancel(), more than " + jobStop);

            try (Statement next = connection.createStatement(); ResultSet result = next.executeQuery("SELECT 42 AS answer")) {
                assertTrue(result.next());
                assertEquals(42, result.getInt(1));
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    private static Throwable failureOf(CompletableFuture<Long> execution)
            throws InterruptedException
    {
        try {
            return fail("the cancelled query returned a result: " + execution.get(10, TimeUnit.SECONDS));
        }
        catch (ExecutionException e) {
            return e.getCause();
        }
        catch (TimeoutException e) {
            return fail("the cancelled query was still running 10 s after Statement.cancel()");
        }
    }

    private static String statementMetrics(GatewayProcess gateway)
            throws Exception
    {
        return String.join("\n", gateway.metrics().lines().filter(line -> line.startsWith("sparkjobs_statements_total") || line.startsWith("sparkjobs_operations_active")).toList());
    }

    private static double activeOperations(GatewayProcess gateway)
            throws Exception
    {
        return LauncherIT.counter(gateway.metrics(), "sparkjobs_operations_active", null, null);
    }
}
