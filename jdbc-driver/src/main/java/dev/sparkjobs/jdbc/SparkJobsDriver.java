package dev.sparkjobs.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;
import org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver;

/**
 * The Spark Jobs JDBC driver: {@code jdbc:sparkjobs://host:32010[/schema]}. It speaks Arrow Flight
 * SQL through Arrow's own driver, checks the connection at once, and when the URL points at
 * something other than a Flight SQL door it says what answered there. Its errors carry the
 * gateway's SQLSTATE in {@code getSQLState()}.
 */
public final class SparkJobsDriver
        implements Driver
{
    static {
        try {
            DriverManager.registerDriver(new SparkJobsDriver());
        }
        catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ArrowFlightJdbcDriver flight = new ArrowFlightJdbcDriver();

    @Override
    public Connection connect(String url, Properties info)
            throws SQLException
    {
        if (!acceptsURL(url)) {
            return null;
        }
        SparkJobsUrl parsed = SparkJobsUrl.parse(url, info);
        Connection connection;
        try {
            connection = flight.connect(parsed.arrowUrl(), new Properties());
            // The Flight client connects lazily: ask for something small so a wrong address fails here.
            connection.getMetaData().getDatabaseProductName();
        }
        catch (SQLException | RuntimeException e) {
            throw new SQLException(diagnose(parsed, e), "08001", e);
        }
        if (parsed.schema().isPresent()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("USE `" + parsed.schema().get().replace("`", "``") + "`");
            }
            catch (SQLException e) {
                connection.close();
                throw SqlStates.withState(e);
            }
        }
        return SqlStates.wrap(connection);
    }

    /** Says what listens at the address, so that a wrong port is named as such. */
    static String diagnose(SparkJobsUrl url, Exception cause)
    {
        String address = url.host() + ":" + url.port();
        String hint = "jdbc:sparkjobs:// speaks Arrow Flight SQL, which the gateway serves on port " + SparkJobsUrl.DEFAULT_PORT + " unless --flight-port says otherwise";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.host(), url.port()), 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /healthz HTTP/1.0\r\nHost: " + url.host() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(5);
            if (new String(answer, StandardCharsets.US_ASCII).startsWith("HTTP/")) {
                return "cannot connect to " + address + ": it answers HTTP, like the gateway's HTTP door (/healthz, /metrics). " + hint + ".";
            }
            return "cannot connect to " + address + ": something listens there but does not speak Arrow Flight SQL (if it is the HiveServer2 door, "
                    + "default port 10000, use jdbc:hive2://" + address + "/). " + hint + ". Cause: " + cause.getMessage();
        }
        catch (ConnectException e) {
            return "cannot connect to " + address + ": nothing listens there. Is the gateway running (bin/sparkjobs gateway)? " + hint + ".";
        }
        catch (SocketTimeoutException e) {
            return "cannot connect to " + address + ": " + cause.getMessage() + " (" + hint + ")";
        }
        catch (IOException e) {
            return "cannot connect to " + address + ": " + cause.getMessage();
        }
    }

    @Override
    public boolean acceptsURL(String url)
    {
        return SparkJobsUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info)
    {
        DriverPropertyInfo user = new DriverPropertyInfo("user", info == null ? null : info.getProperty("user"));
        user.description = "user name; with no authentication configured any name is accepted";
        DriverPropertyInfo password = new DriverPropertyInfo("password", null);
        password.description = "password of a configured user";
        DriverPropertyInfo encryption = new DriverPropertyInfo("useEncryption", "false");
        encryption.description = "TLS to the gateway (true when the gateway has a certificate)";
        encryption.choices = new String[] {"true", "false"};
        return new DriverPropertyInfo[] {user, password, encryption};
    }

    @Override
    public int getMajorVersion()
    {
        return 0;
    }

    @Override
    public int getMinorVersion()
    {
        return 1;
    }

    @Override
    public boolean jdbcCompliant()
    {
        return false;
    }

    @Override
    public Logger getParentLogger()
            throws SQLFeatureNotSupportedException
    {
        throw new SQLFeatureNotSupportedException("the driver logs through java.util.logging under dev.sparkjobs.jdbc");
    }
}
