package dev.sparkjobs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.gateway.metastore.MetadataSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Authentication, TLS and the loopback rule, through the stock Flight SQL JDBC driver. */
class SecurityTest
{
    @Test
    void configuredUsersMustAuthenticate()
            throws Exception
    {
        Gateway gateway = TestingGateway.start(Map.of("ada", Passwords.hash("s3cret".toCharArray())), Optional.empty(), Optional.empty());
        try {
            SQLException anonymous = assertThrows(SQLException.class, () -> query(TestingGateway.connect(gateway, "")));
            assertTrue(anonymous.getMessage().toLowerCase().contains("auth"), anonymous.getMessage());
            assertThrows(SQLException.class, () -> query(TestingGateway.connect(gateway, "&user=ada&password=wrong")));
            assertThrows(SQLException.class, () -> query(TestingGateway.connect(gateway, "&user=eve&password=s3cret")));
            assertEquals(1, query(TestingGateway.connect(gateway, "&user=ada&password=s3cret")));
        }
        finally {
            gateway.close();
        }
    }

    @Test
    void tlsWithACertificate()
            throws Exception
    {
        Path dir = Files.createTempDirectory("tls-");
        Path certificate = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", certificate.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile())
                .start();
        assertTrue(openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0, Files.readString(dir.resolve("openssl.log")));

        Gateway gateway = TestingGateway.start(Map.of(), Optional.of(certificate), Optional.of(key));
        try {
            assertTrue(gateway.flightUri().startsWith("grpc+tls://"));
            String url = "jdbc:arrow-flight-sql://127.0.0.1:" + gateway.flightPort() + "?useEncryption=true&disableCertificateVerification=true";
            assertEquals(1, query(DriverManager.getConnection(url)));
            assertThrows(SQLException.class, () -> query(TestingGateway.connect(gateway, "")), "plaintext to a TLS port fails");
        }
        finally {
            gateway.close();
        }
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAuthentication()
            throws IOException
    {
        GatewayConfig open = new GatewayConfig(Files.createTempDirectory("bind-"), "0.0.0.0", 0, 0, 0, 0, "local[2]", Map.of(), false,
                Map.of(), Optional.empty(), Optional.empty(), Duration.ofMinutes(5), Duration.ofHours(1), MetadataSettings.defaults());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, open::validate);
        assertTrue(refused.getMessage().contains("without authentication"), refused.getMessage());
    }

    private static int query(Connection connection)
            throws SQLException
    {
        try (connection; Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
