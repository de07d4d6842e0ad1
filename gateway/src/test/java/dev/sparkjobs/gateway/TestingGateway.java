package dev.sparkjobs.gateway;

import dev.sparkjobs.gateway.metastore.MetadataSettings;
import dev.sparkjobs.pool.embedded.TestingEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Gateways for tests: all on the one embedded engine of the test JVM, on free ports. */
public final class TestingGateway
{
    private static Gateway shared;

    private TestingGateway() {}

    /** The JVM's gateway without authentication, started once. */
    public static synchronized Gateway shared()
    {
        if (shared == null) {
            shared = start(Map.of(), Optional.empty(), Optional.empty());
        }
        return shared;
    }

    static Gateway start(Map<String, String> users, Optional<java.nio.file.Path> certificate, Optional<java.nio.file.Path> key)
    {
        try {
            return start(new GatewayConfig(Files.createTempDirectory("gateway-test-"), "127.0.0.1", 0, 0, 0, 0, "local[2]",
                    Map.of(), false, users, certificate, key, Duration.ofMinutes(10), Duration.ofHours(1), MetadataSettings.defaults()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gateway without authentication on a data directory of its own: start it again on the same one to restart it. */
    static GatewayConfig config(java.nio.file.Path dataDirectory)
    {
        return new GatewayConfig(dataDirectory, "127.0.0.1", 0, 0, 0, 0, "local[2]",
                Map.of(), false, Map.of(), Optional.empty(), Optional.empty(), Duration.ofMinutes(10), Duration.ofHours(1), MetadataSettings.defaults());
    }

    static Gateway start(GatewayConfig config)
    {
        try {
            return Gateway.start(config, TestingEngine.get());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A connection through the stock Arrow Flight SQL JDBC driver. */
    static Connection connect(Gateway gateway, String extraProperties)
            throws SQLException
    {
        return DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:" + gateway.flightPort() + "?useEncryption=false" + extraProperties);
    }

    static Connection connect()
            throws SQLException
    {
        return connect(shared(), "");
    }
}
