package dev.sparkjobs.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Every scalar property of DatabaseMetaData answers through the stock JDBC driver: it reads them
 * from GetSqlInfo, and a key the server leaves out makes it throw NullPointerException.
 */
class SqlInfosTest
{
    @Test
    void everyScalarDatabaseMetaDataPropertyAnswers()
            throws Exception
    {
        SqlService service = new FakeSqlService(sql -> {
            throw new UnsupportedOperationException(sql);
        }, operationId -> {});
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlEndpoint endpoint = FlightSqlEndpoint.start(service, allocator, new FlightSqlEndpoint.Settings(
                        "127.0.0.1", 0, Optional.empty(), Optional.empty(), Authenticator.ANY_USER, false, Duration.ofMinutes(5), Duration.ofHours(1)));
                Connection connection = DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:" + endpoint.port() + "?useEncryption=false")) {
            DatabaseMetaData metadata = connection.getMetaData();
            List<String> failures = new ArrayList<>();
            int answered = 0;
            for (Method method : DatabaseMetaData.class.getMethods()) {
                if (method.getParameterCount() != 0 || method.getReturnType() == ResultSet.class || method.getReturnType() == Connection.class) {
                    continue;
                }
                try {
                    method.invoke(metadata);
                    answered++;
                }
                catch (InvocationTargetException e) {
                    failures.add(method.getName() + ": " + e.getCause());
                }
            }
            assertEquals(List.of(), failures);
            assertTrue(answered > 100, "only " + answered + " properties answered");
            assertTrue(metadata.supportsANSI92EntryLevelSQL());
            assertFalse(metadata.supportsANSI92FullSQL());
        }
    }
}
