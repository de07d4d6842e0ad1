package dev.sparkjobs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.gateway.metastore.MetadataDatabase;
import dev.sparkjobs.gateway.metastore.MetadataSettings;
import dev.sparkjobs.planner.model.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A gateway creates and migrates its metadata database under its data directory, and closes it on stop. */
class GatewayMetadataTest
{
    @Test
    void theGatewayKeepsItsMetadataUnderItsDataDirectory()
    {
        Path dataDirectory;
        try (Gateway gateway = TestingGateway.start(Map.of(), Optional.empty(), Optional.empty())) {
            dataDirectory = gateway.config().dataDirectory();
            assertEquals(5, gateway.metadata().schemaVersion());
            assertTrue(Files.exists(dataDirectory.resolve("metadata").resolve("sparkjobs.mv.db")));
            assertTrue(gateway.describeDoors().contains("Metadata     embedded H2 at " + dataDirectory.toAbsolutePath()), gateway.describeDoors());
            gateway.metadata().jobs().create(Job.builder("nightly").statement("SELECT 1").build(), "CREATE JOB nightly AS SELECT 1", Optional.of("ada"));
        }
        // Closed with the gateway: the file opens again, with what was written.
        try (MetadataDatabase reopened = MetadataDatabase.open(MetadataSettings.defaults(), dataDirectory, Clock.systemUTC())) {
            assertEquals(1, reopened.jobs().find("nightly").orElseThrow().version());
        }
    }
}
