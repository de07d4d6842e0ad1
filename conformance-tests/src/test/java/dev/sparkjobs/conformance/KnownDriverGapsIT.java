package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gaps of the stock Arrow Flight SQL JDBC driver (18.1.0) that the other tests work around, each
 * pinned: while the driver behaves so, these pass; a driver that no longer does fails its test,
 * which names the workaround to drop. None of them is something the server sends wrong (each test
 * says how that was checked).
 */
@ExtendWith(SharedGateway.class)
class KnownDriverGapsIT
{
    private static GatewayProcess gateway;
    private static Connection connection;

    @BeforeAll
    static void connect(GatewayProcess shared)
            throws SQLException
    {
        gateway = shared;
        connection = gateway.connect();
    }

    @AfterAll
    static void close()
            throws SQLException
    {
        connection.close();
    }

    /**
     * apache/arrow-java#732, apache/arrow#36518: with the client in America/Los_Angeles and the
     * session in Asia/Kolkata, getTimestamp shifts a TIMESTAMP by the zones' difference in the wrong
     * direction and a TIMESTAMP_NTZ by the client's offset, and a TIMESTAMP_NTZ in the client's
     * spring-forward hour moves an hour even through getString. The server's values are checked
     * with {@code unix_micros} and {@code CAST(... AS STRING)} in {@link DataTypesIT}, which reads
     * timestamps with getString.
     */
    @Test
    void timestampsShiftWhenClientAndSessionZonesDiffer()
            throws SQLException
    {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT TIMESTAMP '2024-01-02 03:04:05.123456' AS ts, "
                        + "TIMESTAMP_NTZ '2024-01-02 03:04:05.123456' AS ntz, TIMESTAMP_NTZ '2024-03-10 02:30:00' AS in_dst_gap")) {
            assertTrue(result.next());
            String fixed = "the driver now reads %s right: read timestamps with getTimestamp in DataTypesIT and drop this pin (apache/arrow-java#732)";
            Instant instant = Instant.parse("2024-01-01T21:34:05.123456Z");
            assertNotEquals(instant, result.getTimestamp("ts").toInstant(), fixed.formatted("TIMESTAMP"));
            assertEquals(instant.plusSeconds((5 * 60 + 30 + 8 * 60) * 60 * 2), result.getTimestamp("ts").toInstant(), "the known shift of TIMESTAMP");
            LocalDateTime wallClock = LocalDateTime.parse("2024-01-02T03:04:05.123456");
            assertNotEquals(wallClock, result.getTimestamp("ntz").toLocalDateTime(), fixed.formatted("TIMESTAMP_NTZ"));
            assertEquals(wallClock.plusHours(8), result.getTimestamp("ntz").toLocalDateTime(), "the known shift of TIMESTAMP_NTZ");
            assertNotEquals("2024-03-10 02:30:00", result.getString("in_dst_gap").substring(0, 19), fixed.formatted("TIMESTAMP_NTZ in the client's DST gap"));
        }
    }

    /**
     * apache/arrow#44467, fixed by apache/arrow-java#1135 after 18.1.0: the driver appends a
     * query's columns to those of its prepared statement and replaces them only from a non-empty
     * batch, so an empty result ({@code LIMIT 0}, {@code WHERE 1 = 0}, as tools probe columns)
     * lists each column twice. An empty batch from the server does not help: the driver skips it.
     */
    @Test
    void emptyResultListsEachColumnTwice()
            throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT 1 AS a, 'x' AS b WHERE 1 = 0")) {
            assertNotEquals(2, result.getMetaData().getColumnCount(), "the driver now lists an empty result's columns once: drop this pin (apache/arrow-java#1135)");
            assertEquals(4, result.getMetaData().getColumnCount());
            assertFalse(result.next());
        }
    }

    /**
     * The driver builds ResultSetMetaData without the Arrow fields' nullability, so every column
     * is reported NOT NULL (no upstream report found). The server marks its fields nullable, which
     * {@code getColumns} shows (NULLABLE = 1) in {@link DatabaseMetaDataIT}.
     */
    @Test
    void everyColumnIsReportedNotNull()
            throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT CAST(NULL AS INT) AS n")) {
            assertTrue(result.next());
            result.getObject(1);
            assertTrue(result.wasNull());
            assertEquals(ResultSetMetaData.columnNoNulls, result.getMetaData().isNullable(1),
                    "the driver now reports nullability: drop this pin and check isNullable in DataTypesIT");
        }
    }

    /**
     * apache/arrow-java#990, fixed by apache/arrow-java#991 after 18.1.0 (and #932 / #933 for
     * statements): closing a connection does not close the DatabaseMetaData result sets still
     * open, and its allocator then reports them as leaked and throws. This is the "Memory was
     * leaked by query ... Allocator(VectorSchemaRootTransformer)" message seen after metadata
     * calls; the server's table schemas decode fine (getColumns in {@link DatabaseMetaDataIT}).
     * Workaround: close every metadata result set, as JDBC code should anyway.
     */
    @Test
    void closingAConnectionWithAnOpenMetadataResultSetThrows()
            throws SQLException
    {
        Connection leaking = gateway.connect();
        DatabaseMetaData metadata = leaking.getMetaData();
        ResultSet tableTypes = metadata.getTableTypes();
        assertTrue(tableTypes.next());
        SQLException error = assertThrows(SQLException.class, leaking::close,
                "the driver now closes open metadata result sets with their connection: drop this pin (apache/arrow-java#991)");
        assertTrue(error.getMessage().contains("Memory was leaked"), error.getMessage());
    }

    /**
     * When the stream fails after its first batch, ResultSet.next() lets the Flight exception
     * through instead of raising an SQLException (no upstream report found). The message still
     * carries the SQLSTATE; {@link ErrorsIT} accepts either type.
     */
    @Test
    void errorAfterTheFirstBatchIsNotAnSqlException()
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            RuntimeException error = assertThrows(RuntimeException.class, () -> {
                try (ResultSet result = statement.executeQuery("SELECT 10 / (id - 2000000) FROM (SELECT id FROM range(0, 2, 1, 1) UNION ALL SELECT id FROM range(2, 2000001, 1, 1))")) {
                    while (result.next()) {
                        result.getObject(1);
                    }
                }
            }, "the driver now raises an SQLException when the stream fails: drop this pin and expect SQLException in ErrorsIT");
            assertTrue(error.getClass().getName().endsWith(".FlightRuntimeException"), error.getClass().getName());
        }
    }

    /**
     * getTypeInfo is answered by the driver itself (Avatica's empty default): it never sends
     * GetXdbcTypeInfo, which the gateway answers with a row per Spark type (no upstream report
     * found). {@link DatabaseMetaDataIT} checks only that a tool gets a result set.
     */
    @Test
    void typeInfoIsAlwaysEmpty()
            throws SQLException
    {
        try (ResultSet types = connection.getMetaData().getTypeInfo()) {
            assertFalse(types.next(), "the driver now returns type info: check the gateway's types in DatabaseMetaDataIT and drop this pin");
        }
    }

    /** getObject(String) skips the JDBC type mapping that getObject(int) applies. */
    @Test
    void getObjectByLabelReturnsTheAccessorsType()
            throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT CAST(1.5 AS FLOAT) AS f")) {
            assertTrue(result.next());
            assertInstanceOf(Double.class, result.getObject(1));
            assertInstanceOf(Float.class, result.getObject("f"), "getObject by label now maps like getObject by index: drop this pin");
        }
    }
}
