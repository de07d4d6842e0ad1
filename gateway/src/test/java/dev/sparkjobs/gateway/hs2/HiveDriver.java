package dev.sparkjobs.gateway.hs2;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The stock Hive JDBC driver ({@code hive-jdbc-4.0.1-standalone.jar}) in a class loader of its
 * own, as a BI tool loads it: the jar bundles unrelocated Hadoop, Hive and Thrift classes that
 * would clash with the gateway's. Only {@code java.sql} types cross between the two.
 */
public final class HiveDriver
{
    private static Driver driver;
    private static ClassLoader loader;

    private HiveDriver() {}

    static synchronized Driver driver()
    {
        if (driver == null) {
            String jar = System.getProperty("hive.jdbc.jar");
            if (jar == null || !Files.isRegularFile(Path.of(jar))) {
                throw new IllegalStateException("the hive.jdbc.jar property must name hive-jdbc-4.0.1-standalone.jar (set by the gateway pom), not " + jar);
            }
            try {
                loader = new URLClassLoader("hive-jdbc", new URL[] {Path.of(jar).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
                driver = (Driver) Class.forName("org.apache.hive.jdbc.HiveDriver", true, loader).getDeclaredConstructor().newInstance();
            }
            catch (MalformedURLException | ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load the Hive JDBC driver from " + jar, e);
            }
        }
        return driver;
    }

    static Connection connect(String url)
            throws SQLException
    {
        return connect(url, new Properties());
    }

    public static Connection connect(String url, Properties properties)
            throws SQLException
    {
        Driver hive = driver();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Connection connection = hive.connect(url, properties);
            if (connection == null) {
                throw new SQLException("the Hive driver does not accept " + url);
            }
            return connection;
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    static boolean isLoadedInIsolation()
    {
        return driver().getClass().getClassLoader() == loader;
    }
}
