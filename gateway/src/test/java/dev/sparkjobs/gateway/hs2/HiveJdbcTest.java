package dev.sparkjobs.gateway.hs2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.gateway.Gateway;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HiveServer2 door through the stock Hive JDBC driver 4.0.1, loaded as a BI tool loads it. */
class HiveJdbcTest
{
    private static Gateway gateway;

    @BeforeAll
    static void startGateway()
    {
        gateway = TestGateway.get();
    }

    private static String url(String suffix)
    {
        return "jdbc:hive2://127.0.0.1:" + gateway.hs2Port() + "/default" + suffix;
    }

    @Test
    void connectsWithNoSaslAndWithSaslPlain()
            throws SQLException
    {
        assertTrue(HiveDriver.isLoadedInIsolation());
        for (String suffix : new String[] {";auth=noSasl", "", ";user=alice;password=secret"}) {
            try (Connection connection = HiveDriver.connect(url(suffix));
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 1 AS one, 'x' AS s")) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt("one"));
                assertEquals("x", rows.getString(2));
                assertFalse(rows.next());
                assertEquals("Spark SQL", connection.getMetaData().getDatabaseProductName());
            }
        }
    }

    @Test
    void isReadyOnlyWithTheHiveServer2Door()
            throws Exception
    {
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        try (Socket socket = new Socket("127.0.0.1", gateway.hs2Port())) {
            assertTrue(socket.isConnected());
        }
        String doors = gateway.describeDoors();
        assertTrue(doors.contains("jdbc:hive2://127.0.0.1:" + gateway.hs2Port() + "/default"), doors);
        assertTrue(doors.contains("transportMode=http"), doors);
    }

    @Test
    void connectsOverHttp()
            throws SQLException
    {
        String url = "jdbc:hive2://127.0.0.1:" + gateway.hs2HttpPort() + "/default;transportMode=http;httpPath=cliservice";
        try (Connection connection = HiveDriver.connect(url);
                Statement statement = connection.createStatement()) {
            statement.setFetchSize(1_000);
            try (ResultSet rows = statement.executeQuery("SELECT id FROM range(0, 2500)")) {
                long sum = 0;
                while (rows.next()) {
                    sum += rows.getLong(1);
                }
                assertEquals(2499L * 2500 / 2, sum);
            }
            try (ResultSet rows = connection.getMetaData().getSchemas()) {
                assertTrue(rows.next());
            }
            SQLException missing = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM no_such_table_over_http"));
            assertEquals("42P01", missing.getSQLState());
        }
    }

    @Test
    void readsEveryKindOfValue()
            throws SQLException
    {
        String sql = "SELECT CAST(1 AS TINYINT) AS t, CAST(2 AS SMALLINT) AS s, 3 AS i, CAST(4 AS BIGINT) AS b, CAST(1.5 AS FLOAT) AS f, "
                + "CAST(2.25 AS DOUBLE) AS d, CAST(12345.678 AS DECIMAL(10,3)) AS dec, true AS bool, 'text' AS str, X'0102' AS bin, "
                + "DATE '2024-02-29' AS dt, TIMESTAMP '2024-02-29 13:14:15.123456' AS ts, TIMESTAMP_NTZ '2024-01-01 00:00:00' AS ntz, "
                + "array(1, 2, NULL) AS arr, map('k', 1) AS m, named_struct('a', 1, 'b', 'x\"y') AS st, CAST(NULL AS INT) AS n, "
                + "INTERVAL '1-2' YEAR TO MONTH AS ym, INTERVAL '1 02:03:04.5' DAY TO SECOND AS dts";
        try (Connection connection = HiveDriver.connect(url(";auth=noSasl"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData metadata = rows.getMetaData();
            int[] types = {Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.FLOAT, Types.DOUBLE, Types.DECIMAL, Types.BOOLEAN,
                    Types.VARCHAR, Types.BINARY, Types.DATE, Types.TIMESTAMP, Types.TIMESTAMP, Types.ARRAY, Types.JAVA_OBJECT, Types.STRUCT,
                    Types.INTEGER};
            for (int i = 0; i < types.length; i++) {
                assertEquals(types[i], metadata.getColumnType(i + 1), "type of " + metadata.getColumnName(i + 1));
            }
            assertEquals(10, metadata.getPrecision(7));
            assertEquals(3, metadata.getScale(7));

            assertTrue(rows.next());
            assertEquals((byte) 1, rows.getByte("t"));
            assertEquals((short) 2, rows.getShort("s"));
            assertEquals(3, rows.getInt("i"));
            assertEquals(4L, rows.getLong("b"));
            assertEquals(1.5f, rows.getFloat("f"));
            assertEquals(2.25, rows.getDouble("d"));
            assertEquals(new BigDecimal("12345.678"), rows.getBigDecimal("dec"));
            assertTrue(rows.getBoolean("bool"));
            assertEquals("text", rows.getString("str"));
            assertArrayEquals(new byte[] {1, 2}, (byte[]) rows.getObject("bin"));
            assertEquals(Date.valueOf("2024-02-29"), rows.getDate("dt"));
            assertEquals(Timestamp.valueOf("2024-02-29 13:14:15.123456"), rows.getTimestamp("ts"));
            assertEquals(Timestamp.valueOf("2024-01-01 00:00:00"), rows.getTimestamp("ntz"));
            assertEquals("[1,2,null]", rows.getString("arr"));
            assertEquals("{\"k\":1}", rows.getString("m"));
            assertEquals("{\"a\":1,\"b\":\"x\\\"y\"}", rows.getString("st"));
            assertNull(rows.getObject("n"));
            assertTrue(rows.wasNull());
            assertEquals("1-2", rows.getString("ym"));
            assertEquals("1 02:03:04.500000000", rows.getString("dts"));
            assertFalse(rows.next());
        }
    }

    @Test
    void createsInsertsAndSelects()
            throws SQLException
    {
        try (Connection connection = HiveDriver.connect(url(""));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS hs2_orders");
            assertFalse(statement.execute("CREATE TABLE hs2_orders (id INT, item STRING, amount DECIMAL(10,2)) USING parquet"));
            assertEquals(3, statement.executeUpdate("INSERT INTO hs2_orders VALUES (1, 'tea', 2.50), (2, 'cake', NULL), (3, 'jam', 4.00)"));
            try (ResultSet rows = statement.executeQuery("SELECT id, item, amount FROM hs2_orders ORDER BY id")) {
                List<String> seen = new ArrayList<>();
                while (rows.next()) {
                    seen.add(rows.getInt(1) + ":" + rows.getString(2) + ":" + rows.getBigDecimal(3));
                }
                assertEquals(List.of("1:tea:2.50", "2:cake:null", "3:jam:4.00"), seen);
            }
            statement.execute("DROP TABLE hs2_orders");
        }
    }

    @Test
    void reportsErrorsWithTheirSqlState()
            throws SQLException
    {
        try (Connection connection = HiveDriver.connect(url(";auth=noSasl"));
                Statement statement = connection.createStatement()) {
            SQLException missing = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM no_such_table_anywhere"));
            assertEquals("42P01", missing.getSQLState());
            assertTrue(missing.getMessage().contains("no_such_table_anywhere"), missing.getMessage());

            SQLException syntax = assertThrows(SQLException.class, () -> statement.executeQuery("SELEC 1"));
            assertEquals("42601", syntax.getSQLState());

            // The session keeps serving after errors.
            try (ResultSet rows = statement.executeQuery("SELECT 2")) {
                assertTrue(rows.next());
                assertEquals(2, rows.getInt(1));
            }
        }
    }

    @Test
    void takesSessionSettingsFromTheUrl()
            throws SQLException
    {
        try (Connection setup = HiveDriver.connect(url(""));
                Statement statement = setup.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS hs2_url_db");
        }
        String url = "jdbc:hive2://127.0.0.1:" + gateway.hs2Port() + "/hs2_url_db;auth=noSasl?spark.sql.shuffle.partitions=7";
        try (Connection connection = HiveDriver.connect(url);
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SET spark.sql.shuffle.partitions")) {
                assertTrue(rows.next());
                assertEquals("7", rows.getString(2));
            }
            try (ResultSet rows = statement.executeQuery("SELECT current_database()")) {
                assertTrue(rows.next());
                assertEquals("hs2_url_db", rows.getString(1));
            }
        }
    }

    @Test
    void answersDatabaseMetaData()
            throws SQLException
    {
        try (Connection connection = HiveDriver.connect(url(""));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS hs2_meta");
            statement.execute("CREATE TABLE IF NOT EXISTS hs2_meta.visits (id BIGINT, page STRING, spent DECIMAL(12,4), at TIMESTAMP, tags ARRAY<STRING>) USING parquet");
            DatabaseMetaData metadata = connection.getMetaData();

            Set<String> schemas = new HashSet<>();
            try (ResultSet rows = metadata.getSchemas()) {
                while (rows.next()) {
                    schemas.add(rows.getString("TABLE_SCHEM"));
                }
            }
            assertTrue(schemas.containsAll(Set.of("default", "hs2_meta")), schemas.toString());

            try (ResultSet rows = metadata.getCatalogs()) {
                assertTrue(rows.next());
                assertEquals("spark_catalog", rows.getString("TABLE_CAT"));
            }

            try (ResultSet rows = metadata.getTables(null, "hs2_meta", "vis%", null)) {
                assertTrue(rows.next());
                assertEquals("visits", rows.getString("TABLE_NAME"));
                assertEquals("TABLE", rows.getString("TABLE_TYPE"));
                assertFalse(rows.next());
            }

            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns(null, "hs2_meta", "visits", "%")) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME") + " " + rows.getInt("DATA_TYPE") + " " + rows.getString("TYPE_NAME")
                            + " " + rows.getInt("ORDINAL_POSITION"));
                }
            }
            assertEquals(List.of("id " + Types.BIGINT + " BIGINT 1", "page " + Types.VARCHAR + " STRING 2", "spent " + Types.DECIMAL + " DECIMAL(12,4) 3",
                    "at " + Types.TIMESTAMP + " TIMESTAMP 4", "tags " + Types.ARRAY + " ARRAY<STRING> 5"), columns);

            Set<String> types = new HashSet<>();
            try (ResultSet rows = metadata.getTypeInfo()) {
                while (rows.next()) {
                    types.add(rows.getString("TYPE_NAME"));
                }
            }
            assertTrue(types.containsAll(Set.of("INT", "BIGINT", "DECIMAL", "STRING", "TIMESTAMP", "ARRAY")), types.toString());

            Set<String> functions = new HashSet<>();
            try (ResultSet rows = metadata.getFunctions(null, null, "date_%")) {
                while (rows.next()) {
                    functions.add(rows.getString("FUNCTION_NAME").toLowerCase(Locale.ROOT));
                }
            }
            assertTrue(functions.containsAll(Set.of("date_add", "date_format")), functions.toString());

            try (ResultSet rows = metadata.getPrimaryKeys(null, "hs2_meta", "visits")) {
                assertFalse(rows.next());
            }
            try (ResultSet rows = metadata.getCrossReference(null, "hs2_meta", "visits", null, "hs2_meta", "visits")) {
                assertFalse(rows.next());
            }
            try (ResultSet rows = metadata.getTableTypes()) {
                assertTrue(rows.next());
            }
        }
    }

    @Test
    void cancelStopsARunningQuery()
            throws Exception
    {
        try (Connection connection = HiveDriver.connect(url(";auth=noSasl"));
                Statement statement = connection.createStatement()) {
            // Two tasks that each sleep a minute occupy both local cores until they are killed.
            CompletableFuture<Long> failedAfter = CompletableFuture.supplyAsync(() -> {
                long start = System.nanoTime();
                try (ResultSet rows = statement.executeQuery("SELECT reflect('java.lang.Thread', 'sleep', CAST(60000 AS BIGINT)) FROM range(0, 2, 1, 2)")) {
                    while (rows.next()) {
                        // not expected
                    }
                    return -1L;
                }
                catch (SQLException e) {
                    return System.nanoTime() - start;
                }
            });
            Thread.sleep(2_000);
            long cancelled = System.nanoTime();
            statement.cancel();
            failedAfter.get(10, TimeUnit.SECONDS);
            long stoppedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled);
            assertTrue(stoppedMillis < 5_000, "the query stopped " + stoppedMillis + " ms after the cancel");
        }
        // The tasks are gone: a new query gets the cores at once instead of waiting a minute.
        try (Connection connection = HiveDriver.connect(url(";auth=noSasl"));
                Statement statement = connection.createStatement()) {
            CompletableFuture<Long> next = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM range(0, 100, 1, 2)")) {
                    rows.next();
                    return rows.getLong(1);
                }
                catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(100L, next.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void fetchesAMillionRows()
            throws SQLException
    {
        try (Connection connection = HiveDriver.connect(url(";auth=noSasl"));
                Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            long start = System.nanoTime();
            long count = 0;
            long sum = 0;
            try (ResultSet rows = statement.executeQuery("SELECT id, CAST(id AS STRING) AS s, id * 0.5 AS d FROM range(0, 1000000, 1, 2)")) {
                while (rows.next()) {
                    count++;
                    sum += rows.getLong(1);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(1_000_000, count);
            assertEquals(999_999L * 1_000_000L / 2, sum);
            System.out.printf(Locale.ROOT, "HiveServer2 fetch of 1,000,000 rows (bigint, string, decimal) with fetch size 10,000: %.2f s, %.0f rows/s%n",
                    seconds, count / seconds);
        }
    }
}
