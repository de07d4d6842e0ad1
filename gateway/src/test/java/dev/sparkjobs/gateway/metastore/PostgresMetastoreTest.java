package dev.sparkjobs.gateway.metastore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The same repository tests on the PostgreSQL of this machine, each in a schema of its own. They
 * fail, not skip, when PostgreSQL is not reachable.
 */
class PostgresMetastoreTest
{
    @Nested
    class Jobs
            extends JobStoreContract
    {
        @Override
        TestDatabase newDatabase()
        {
            return new PostgresTestDatabase();
        }
    }

    @Nested
    class Runs
            extends RunStoreContract
    {
        @Override
        TestDatabase newDatabase()
        {
            return new PostgresTestDatabase();
        }
    }

    @Nested
    class StreamsPoolsAlerts
            extends StreamPoolAlertContract
    {
        @Override
        TestDatabase newDatabase()
        {
            return new PostgresTestDatabase();
        }
    }

    @Nested
    class Schema
            extends SchemaContract
    {
        @Override
        TestDatabase newDatabase()
        {
            return new PostgresTestDatabase();
        }

        @Test
        void everythingIsInTheTestsOwnSchema()
                throws SQLException
        {
            PostgresTestDatabase postgres = (PostgresTestDatabase) database;
            try (Connection connection = postgres.connect();
                    ResultSet rs = connection.createStatement().executeQuery(
                            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + postgres.schema() + "' AND table_name IN ('jobs', 'qrtz_triggers', 'system_jobs')")) {
                rs.next();
                assertEquals(3, rs.getInt(1));
            }
        }
    }
}
