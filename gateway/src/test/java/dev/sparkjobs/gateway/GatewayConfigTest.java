package dev.sparkjobs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.gateway.metastore.MetadataSettings;
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
                """);
        GatewayConfig config = GatewayConfig.defaults().withFile(file);
        assertEquals(new GatewayConfig(Path.of("/var/lib/sparkjobs"), "localhost", 1, 2, 4, 3, "local[2]", Map.of("spark.sql.shuffle.partitions", "8"), false,
                Map.of("ada", "pbkdf2-sha256:1:AA==:AA=="), Optional.of(Path.of("/etc/cert.pem")), Optional.of(Path.of("/etc/key.pem")),
                Duration.ofMinutes(15), Duration.ofHours(2),
                new MetadataSettings(Optional.of("jdbc:postgresql://db:5432/sparkjobs"), Optional.of("sparkjobs"), Optional.of("secret"), Optional.of("meta"), 4)), config);
        assertEquals(GatewayConfig.KEYS.size(), 19, "a new key needs a line in this test");
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
