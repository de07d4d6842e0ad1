package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HiveServer2 binary door through the stock Hive JDBC driver 4.0.1, loaded in a class loader
 * of its own as a BI tool loads it: data types as Spark Thrift Server presents them, cancel of a
 * long query. The five-million-row fetch through a small gateway heap is
 * {@link HiveLargeFetchIT}; TPC-H through the same driver is {@link HiveTpchIT}; the
 * DatabaseMetaData walk is {@link BiToolMetadataIT}.
 */
@ExtendWith(SharedGateway.class)
class HiveJdbcIT
{
    private static GatewayProcess gateway;

    @BeforeAll
    static void gateway(GatewayProcess shared)
    {
        gateway = shared;
        assertTrue(HiveJdbc.isLoadedInIsolation());
    }

    @Test
    void dataTypesAsSparkThriftServerPresentsThem()
            throws Exception
    {
        String sql = "SELECT CAST('1234567890123456789012345678.0123456789' AS DECIMAL(38,10)) AS dec38, -12345678.91BD AS dec10, "
                + "DATE '2024-02-29' AS dt, TIMESTAMP '2024-01-02 03:04:05.123456' AS ts, "
                + "array(1, NULL, 3) AS arr, map('a', 1, 'b', NULL) AS m, named_struct('x', 1, 'y', 'z') AS st, "
                + "CAST(NULL AS DECIMAL(10,2)) AS null_dec, CAST(NULL AS DATE) AS null_dt, CAST(NULL AS ARRAY<INT>) AS null_arr";
        try (Connection connection = HiveJdbc.connect(gateway.hiveUrl()); Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData metadata = result.getMetaData();
            assertEquals(Types.DECIMAL, metadata.getColumnType(1));
            assertEquals(38, metadata.getPrecision(1));
            assertEquals(10, metadata.getScale(1));
            assertEquals(Types.DECIMAL, metadata.getColumnType(2));
            assertEquals(10, metadata.getPrecision(2));
            assertEquals(2, metadata.getScale(2));
            assertEquals(Types.DATE, metadata.getColumnType(3));
            assertEquals(Types.TIMESTAMP, metadata.getColumnType(4));
            assertEquals(Types.ARRAY, metadata.getColumnType(5));
            assertEquals(Types.JAVA_OBJECT, metadata.getColumnType(6));
            assertEquals(Types.STRUCT, metadata.getColumnType(7));

            assertTrue(result.next());
            assertEquals(new BigDecimal("1234567890123456789012345678.0123456789"), result.getBigDecimal(1));
            assertEquals(new BigDecimal("-12345678.91"), result.getObject(2));
            assertEquals(LocalDate.parse("2024-02-29"), result.getDate(3).toLocalDate());
            // Timestamps are text in the session's zone: a literal typed in that zone comes back as typed.
            assertEquals("2024-01-02 03:04:05.123456", result.getString(4));
            assertEquals("[1,null,3]", result.getString(5));
            assertEquals("{\"a\":1,\"b\":null}", result.getString(6));
            assertEquals("{\"x\":1,\"y\":\"z\"}", result.getString(7));
            for (int column = 8; column <= 10; column++) {
                assertNull(result.getObject(column), metadata.getColumnLabel(column));
                assertTrue(result.wasNull());
            }
            assertFalse(result.next());
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void cancelStopsTheSparkJobWithinFiveSeconds()
            throws Exception
    {
        try (Connection connection = HiveJdbc.connect(gateway.hiveUrl())) {
            CancelIT.cancelStopsTheQuery(gateway, connection, Duration.ofSeconds(5));
        }
    }
}
