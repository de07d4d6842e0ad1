package dev.sparkjobs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.gateway.metastore.MetadataSettings;
import dev.sparkjobs.pool.ShareLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pins the defaults and the mapping of every settings key. */
class GatewayConfigTest
{
    @Test
    void defaults()
    {
        GatewayConfig defaults = GatewayConfig.defaults();
        assertEquals(new GatewayConfig(Path.of("data"), "127.0.0.1", 32010, 10000, 10001, 8080, "local[*]", Map.of(), true, Map.of(),
                Optional.empty(), Optional.empty(), Duration.ofHours(8), Duration.ofHours(24),
                new MetadataSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 8)), defaults);
        assertEquals(new EngineSettings("embedded", true, ShareLevel.USER, 1, 8, Duration.ofMinutes(30), Duration.ofMinutes(3), Duration.ofMinutes(2),
                Optional.empty()), defaults.engine());
        assertEquals("jdbc:h2:file:" + Path.of("/srv/data/metadata/sparkjobs") + ";DATABASE_TO_LOWER=TRUE;AUTO_SERVER=FALSE;WRITE_DELAY=0",
                defaults.metadata().jdbcUrl(Path.of("/srv/data")));
        defaults.validate();
    }

    @Test
    void everyKeyOfTheFile()
            throws IOException
    {
        Path file = Files.createTempFile("gateway", ".yaml");
        Files.writeString(file, """
                data-dir: /var/lib/sparkjobs
                bind-host: localhost
                flight-port: 1
                hs2-port: 2
                hs2-http-port: 4
                http-port: 3
                spark:
                  master: local[2]
                  ui: false
                  conf:
                    spark.sql.shuffle.partitions: 8
                auth:
                  users:
                    ada: pbkdf2-sha256:1:AA==:AA==
                  token-lifetime: 2h
                tls:
                  certificate: /etc/cert.pem
                  private-key: /etc/key.pem
                session:
                  idle-timeout: 15m
                metadata:
                  url: jdbc:postgresql://db:5432/sparkjobs
                  user: sparkjobs
                  password: secret
                  schema: meta
                  pool-size: 4
                engine:
                  provider: process
                  direct-results: false
                  share-level: connection
                  min-engines: 2
                  max-engines: 5
                  idle-timeout: 10m
                  start-timeout: 90s
                  warm-ahead: 5m
                  driver-memory: 768m
                """);
        GatewayConfig config = GatewayConfig.defaults().withFile(file);
        assertEquals(new GatewayConfig(Path.of("/var/lib/sparkjobs"), "localhost", 1, 2, 4, 3, "local[2]", Map.of("spark.sql.shuffle.partitions", "8"), false,
                Map.of("ada", "pbkdf2-sha256:1:AA==:AA=="), Optional.of(Path.of("/etc/cert.pem")), Optional.of(Path.of("/etc/key.pem")),
                Duration.ofMinutes(15), Duration.ofHours(2),
                new MetadataSettings(Optional.of("jdbc:postgresql://db:5432/sparkjobs"), Optional.of("sparkjobs"), Optional.of("secret"), Optional.of("meta"), 4),
                new EngineSettings("process", false, ShareLevel.CONNECTION, 2, 5, Duration.ofMinutes(10), Duration.ofSeconds(90), Duration.ofMinutes(5),
                        Optional.of(768L * 1024 * 1024))), config);
        assertEquals(GatewayConfig.KEYS.size(), 28, "a new key needs a line in this test");
        assertTrue(!config.toString().contains("secret"), "the metadata password is never printed");
    }

    @Test
    void unknownKeysAndBadValuesAreErrors()
            throws IOException
    {
        Path file = Files.createTempFile("gateway", ".yaml");
        Files.writeString(file, "flight-prot: 1\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file));
        assertTrue(unknown.getMessage().contains("flight-prot") && unknown.getMessage().contains("flight-port"), unknown.getMessage());
        Files.writeString(file, "session:\n  idle-timeout: soon\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file));
        Files.writeString(file, "metadata:\n  pool-size: 0\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
        Files.writeString(file, "metadata:\n  url: postgresql://db/x\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
        Files.writeString(file, "engine:\n  provider: kubernetes\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
        Files.writeString(file, "engine:\n  min-engines: 9\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
        Files.writeString(file, "engine:\n  share-level: everyone\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file));
        Files.writeString(file, "http-port: 70000\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
    }

    @Test
    void passwordsVerify()
    {
        String hash = Passwords.hash("pw".toCharArray());
        assertTrue(Passwords.verify("pw", hash));
        assertTrue(!Passwords.verify("pW", hash));
    }
}
