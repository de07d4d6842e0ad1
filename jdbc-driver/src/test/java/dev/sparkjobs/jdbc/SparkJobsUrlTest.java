package dev.sparkjobs.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SparkJobsUrlTest
{
    @Test
    void parsesHostPortSchemaAndProperties()
            throws SQLException
    {
        Properties info = new Properties();
        info.setProperty("user", "ada");
        SparkJobsUrl url = SparkJobsUrl.parse("jdbc:sparkjobs://gw.example:4000/sales?password=p%26w&useEncryption=true", info);
        assertEquals(new SparkJobsUrl("gw.example", 4000, Optional.of("sales"), Map.of("user", "ada", "password", "p&w", "useEncryption", "true")), url);
        assertTrue(url.arrowUrl().startsWith("jdbc:arrow-flight-sql://gw.example:4000?"));
        assertTrue(url.arrowUrl().contains("password=p%26w"));
        assertFalse(url.arrowUrl().contains("useEncryption=false"));
    }

    @Test
    void defaultsToThePlainFlightPort()
            throws SQLException
    {
        SparkJobsUrl url = SparkJobsUrl.parse("jdbc:sparkjobs://localhost", null);
        assertEquals(32010, url.port());
        assertEquals(Optional.empty(), url.schema());
        assertEquals("jdbc:arrow-flight-sql://localhost:32010?useEncryption=false", url.arrowUrl());
    }

    @Test
    void rejectsMalformedUrls()
    {
        assertThrows(SQLException.class, () -> SparkJobsUrl.parse("jdbc:sparkjobs://:1", null));
        assertThrows(SQLException.class, () -> SparkJobsUrl.parse("jdbc:sparkjobs://h:port", null));
        assertFalse(new SparkJobsDriver().acceptsURL("jdbc:hive2://h:10000"));
    }

    @Test
    void namesAnHttpPortAsSuch()
            throws Exception
    {
        try (ServerSocket http = new ServerSocket(0)) {
            Thread server = new Thread(() -> {
                try (var socket = http.accept()) {
                    socket.getInputStream().read(new byte[256]);
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII));
                }
                catch (IOException ignored) {
                    // the test reads what it needs
                }
            });
            server.start();
            String message = SparkJobsDriver.diagnose(SparkJobsUrl.parse("jdbc:sparkjobs://127.0.0.1:" + http.getLocalPort(), null), new SQLException("boom"));
            assertTrue(message.contains("answers HTTP") && message.contains("32010"), message);
            server.join(5000);
        }
    }

    @Test
    void namesAClosedPort()
            throws Exception
    {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:sparkjobs://127.0.0.1:" + port));
        assertTrue(refused.getMessage().contains("nothing listens there"), refused.getMessage());
        assertEquals("08001", refused.getSQLState());
    }
}
