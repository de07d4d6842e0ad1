package dev.sparkjobs.gateway.metastore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The repository tests on the embedded default: an H2 file under a fresh data directory. */
class H2MetastoreTest
{
    @Nested
    class Jobs
            extends JobStoreContract
    {
        @Override
        TestDatabase newDatabase()
        {
            return new H2TestDatabase();
        }
    }

    @Nested
    class Runs
            extends RunStoreContract
    {
        @Override
        TestDatabase newDatabase()
        {
            return new H2TestDatabase();
        }
    }

    @Nested
    class StreamsPoolsAlerts
            extends StreamPoolAlertContract
    {
        @Override
        TestDatabase newDatabase()
        {
            return new H2TestDatabase();
        }
    }

    @Nested
    class Schema
            extends SchemaContract
    {
        @Override
        TestDatabase newDatabase()
        {
            return new H2TestDatabase();
        }

        @Test
        void theDatabaseIsAFileUnderTheDataDirectory()
        {
            H2TestDatabase h2 = (H2TestDatabase) database;
            assertTrue(Files.exists(MetadataSettings.embeddedPath(h2.dataDirectory()).resolveSibling("sparkjobs.mv.db")));
            assertTrue(metadata.description().startsWith("embedded H2 at "), metadata.description());
        }
    }
}
