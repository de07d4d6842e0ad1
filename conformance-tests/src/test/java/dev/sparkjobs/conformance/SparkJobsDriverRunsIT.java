package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code statement.unwrap(SparkJobsStatement.class)} on the project's driver, loaded from its
 * shaded jar in a class loader of its own (so the API is reached by reflection, as only
 * {@code java.sql} types cross): the run ids a {@code RUN JOB} started, its progress while it
 * runs, and the wait for its end; the application still reads the RUN JOB answer itself.
 */
@ExtendWith(SharedGateway.class)
class SparkJobsDriverRunsIT
{
    @Test
    void runIdsAndProgressThroughUnwrap(GatewayProcess gateway)
            throws Exception
    {
        try (Connection setup = gateway.connect(); Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS uw_target");
            statement.execute("CREATE TABLE uw_target (n BIGINT, day STRING) USING parquet");
            statement.execute("CREATE OR REPLACE JOB uw_job AS INSERT INTO uw_target SELECT id, '${logical_date}' FROM range(5)");
        }
        URLClassLoader loader = new URLClassLoader("sparkjobs-jdbc", new URL[] {SeparateJvmClient.sparkJobsDriverJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Driver driver = (Driver) Class.forName("dev.sparkjobs.jdbc.SparkJobsDriver", true, loader).getDeclaredConstructor().newInstance();
        Class<?> api = Class.forName("dev.sparkjobs.jdbc.SparkJobsStatement", true, loader);
        try (loader; Connection connection = driver.connect("jdbc:sparkjobs://127.0.0.1:" + gateway.flightPort(), new Properties());
                Statement statement = connection.createStatement()) {
            assertTrue(statement.isWrapperFor(api));
            Object runs = statement.unwrap(api);

            statement.execute("SELECT 1");
            assertEquals(List.of(), runIds(api, runs), "a query starts no run");

            assertTrue(statement.execute("RUN JOB uw_job"));
            List<String> ids = runIds(api, runs);
            assertEquals(1, ids.size(), ids.toString());
            // The application reads the same answer it would without unwrap.
            try (ResultSet answer = statement.getResultSet()) {
                assertTrue(answer.next());
                assertEquals(ids.get(0), answer.getString("run_id"));
                assertEquals("uw_job", answer.getString("job"));
                assertFalse(answer.next());
            }
            Object progress = api.getMethod("runProgress", String.class).invoke(runs, ids.get(0));
            assertTrue(((Optional<?>) progress).isPresent());

            List<String> states = new ArrayList<>();
            Consumer<Object> onChange = seen -> states.add(property(seen, "state"));
            Object done = api.getMethod("awaitRun", String.class, Duration.class, Consumer.class).invoke(runs, ids.get(0), Duration.ofMinutes(3), onChange);
            assertEquals("SUCCEEDED", property(done, "state"), String.valueOf(done));
            assertEquals(5L, (long) (Long) done.getClass().getMethod("rowsWritten").invoke(done));
            assertEquals("SUCCEEDED", states.get(states.size() - 1), states.toString());

            // A backfill starts one run per logical date; executeQuery hands back its rows too.
            try (ResultSet answer = statement.executeQuery("RUN JOB uw_job FROM TIMESTAMP '2026-01-01 00:00:00' TO TIMESTAMP '2026-01-03 00:00:00' EVERY INTERVAL '1' DAY")) {
                List<String> backfill = runIds(api, runs);
                int rows = 0;
                while (answer.next()) {
                    assertEquals(backfill.get(rows), answer.getString("run_id"));
                    rows++;
                }
                assertEquals(backfill.size(), rows);
                assertTrue(rows >= 2, "runs: " + backfill);
            }
            Optional<?> unknown = (Optional<?>) api.getMethod("runProgress", String.class).invoke(runs, "no-such-run");
            assertTrue(unknown.isEmpty());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> runIds(Class<?> api, Object runs)
            throws ReflectiveOperationException
    {
        return (List<String>) api.getMethod("runIds").invoke(runs);
    }

    private static String property(Object record, String name)
    {
        try {
            Method accessor = record.getClass().getMethod(name);
            return String.valueOf(accessor.invoke(record));
        }
        catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
