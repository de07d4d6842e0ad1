package dev.sparkjobs.gateway.metastore;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A fresh schema in the PostgreSQL of this machine (127.0.0.1:5432, database {@code test}, trust
 * authentication as {@code postgres} or {@code root}), dropped afterwards, so parallel runs do not
 * meet. Not reachable is a failure, never a skip: CI's .ci/run starts PostgreSQL.
 * {@code SPARKJOBS_TEST_POSTGRES_URL} and {@code _USER} (or the system properties
 * {@code sparkjobs.test.postgres.url} and {@code .user}) point elsewhere.
 */
final class PostgresTestDatabase
        implements TestDatabase
{
    private static final String URL = setting("url").orElse("jdbc:postgresql://127.0.0.1:5432/test");
    private static final List<String> USERS = setting("user").map(List::of).orElse(List.of("postgres", "root"));

    private final String user;
    private final String schema = "sj_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);

    /** {@code -Dsparkjobs.test.postgres.NAME} or {@code SPARKJOBS_TEST_POSTGRES_NAME}. */
    private static Optional<String> setting(String name)
    {
        return Optional.ofNullable(System.getProperty("sparkjobs.test.postgres." + name))
                .or(() -> Optional.ofNullable(System.getenv("SPARKJOBS_TEST_POSTGRES_" + name.toUpperCase(Locale.ROOT))));
    }

    PostgresTestDatabase()
    {
        user = reachableUser();
    }

    private static String reachableUser()
    {
        List<String> problems = new ArrayList<>();
        for (String candidate : USERS) {
            try (Connection connection = DriverManager.getConnection(URL, candidate, "")) {
                return candidate;
            }
            catch (SQLException e) {
                problems.add(candidate + ": " + e.getMessage());
            }
        }
        return fail("PostgreSQL is not reachable at " + URL + " (" + String.join("; ", problems) + "). The metadata store tests need it: start it with "
                + "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` (.ci/run does), or point SPARKJOBS_TEST_POSTGRES_URL and _USER at one.");
    }

    String schema()
    {
        return schema;
    }

    @Override
    public MetadataDatabase open(Clock clock)
    {
        MetadataSettings settings = MetadataSettings.defaults().withUrl(URL).withUser(user).withSchema(schema).withPoolSize(4);
        return MetadataDatabase.open(settings, java.nio.file.Path.of("unused"), clock);
    }

    Connection connect()
            throws SQLException
    {
        Connection connection = DriverManager.getConnection(URL, user, "");
        connection.setSchema(schema);
        return connection;
    }

    @Override
    public void close()
    {
        try (Connection connection = DriverManager.getConnection(URL, user, ""); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
