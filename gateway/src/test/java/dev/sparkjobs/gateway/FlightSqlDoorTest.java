package dev.sparkjobs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The Flight SQL door through the stock Arrow Flight SQL JDBC driver and the Arrow Flight SQL client. */
class FlightSqlDoorTest
{
    @Test
    void queriesAndUpdatesThroughJdbc()
            throws SQLException
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS door_people");
            assertFalse(statement.execute("CREATE TABLE door_people (id BIGINT, name STRING) USING parquet"));
            assertEquals(3, statement.executeUpdate("INSERT INTO door_people VALUES (1, 'ada'), (2, 'grace'), (3, 'alan')"));
            try (ResultSet rows = statement.executeQuery("SELECT id, upper(name) AS name FROM door_people WHERE id > 1 ORDER BY id")) {
                List<String> seen = new ArrayList<>();
                while (rows.next()) {
                    seen.add(rows.getLong(1) + ":" + rows.getString("name"));
                }
                assertEquals(List.of("2:GRACE", "3:ALAN"), seen);
            }
            try (PreparedStatement prepared = connection.prepareStatement("SELECT count(*) FROM door_people")) {
                for (int run = 0; run < 3; run++) {
                    try (ResultSet count = prepared.executeQuery()) {
                        assertTrue(count.next());
                        assertEquals(3, count.getLong(1), "a prepared statement runs again on each execution");
                    }
                }
            }
            statement.execute("DROP TABLE door_people");
        }
    }

    @Test
    void errorsNameTheirSqlStateAndTheSessionKeepsWorking()
            throws SQLException
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            SQLException missing = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM door_missing_table"));
            assertTrue(missing.getMessage().contains("42P01"), missing.getMessage());
            SQLException syntax = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT 1 +\nFROM range(2)"));
            assertTrue(syntax.getMessage().contains("42601") && syntax.getMessage().contains("line 2"), syntax.getMessage());
            try (ResultSet rows = statement.executeQuery("SELECT 42")) {
                assertTrue(rows.next());
                assertEquals(42, rows.getInt(1));
            }
        }
    }

    @Test
    void standardSqlThatSparkLacksIsTranslated()
            throws SQLException
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT DECIMAL '0.06' + 0.01 AS d FROM (VALUES (1), (2), (3)) AS t (id) ORDER BY id FETCH FIRST 2 ROWS ONLY")) {
                assertTrue(rows.next());
                assertEquals(new java.math.BigDecimal("0.07"), rows.getBigDecimal(1).stripTrailingZeros());
                assertTrue(rows.next());
                assertFalse(rows.next(), "FETCH FIRST 2 ROWS ONLY");
            }
            // Spark refuses this one as an unsupported typed literal (0A000), as in TPC-H q6.
            try (ResultSet rows = statement.executeQuery("SELECT sum(x) FROM (VALUES (1), (2), (3)) AS t (x) WHERE x BETWEEN DECIMAL '1.5' AND DECIMAL '3.5'")) {
                assertTrue(rows.next());
                assertEquals(5, rows.getLong(1));
            }
        }
    }

    @Test
    void extendedStatementsAreRecognised()
            throws SQLException
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet jobs = statement.executeQuery("SHOW JOBS")) {
                assertEquals("name", jobs.getMetaData().getColumnLabel(1));
            }
            SQLException syntax = assertThrows(SQLException.class, () -> statement.execute("CREATE JOB nightly\nSCHEDULE CRON AS SELECT 1"));
            assertTrue(syntax.getMessage().contains("42601") && syntax.getMessage().contains("line 2"), syntax.getMessage());
            try (ResultSet rows = statement.executeQuery("SELECT 1 AS job, 2 AS schedule, 3 AS stream")) {
                assertTrue(rows.next(), "new words stay usable as names");
                assertEquals(3, rows.getInt("stream"));
            }
        }
    }

    @Test
    void eachConnectionIsItsOwnSession()
            throws SQLException
    {
        try (Connection first = TestingGateway.connect(); Connection second = TestingGateway.connect();
                Statement one = first.createStatement(); Statement two = second.createStatement()) {
            one.execute("SET spark.sql.shuffle.partitions=3");
            one.execute("CREATE OR REPLACE TEMPORARY VIEW door_mine AS SELECT 7 AS x");
            try (ResultSet rows = one.executeQuery("SELECT x FROM door_mine")) {
                assertTrue(rows.next());
                assertEquals(7, rows.getInt(1));
            }
            assertThrows(SQLException.class, () -> two.executeQuery("SELECT x FROM door_mine"));
            try (ResultSet conf = two.executeQuery("SET spark.sql.shuffle.partitions")) {
                assertTrue(conf.next());
                assertEquals("4", conf.getString(2), "the other connection keeps its own settings");
            }
        }
    }

    @Test
    void metadataListsTablesAndColumns()
            throws SQLException
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS door_meta");
            statement.execute("CREATE TABLE IF NOT EXISTS door_meta.typed (id BIGINT, price DECIMAL(10, 2), day DATE, tags ARRAY<STRING>) USING parquet");
            DatabaseMetaData metadata = connection.getMetaData();
            assertEquals("`", metadata.getIdentifierQuoteString());
            List<String> schemas = new ArrayList<>();
            try (ResultSet rows = metadata.getSchemas()) {
                while (rows.next()) {
                    schemas.add(rows.getString("TABLE_SCHEM"));
                }
            }
            assertTrue(schemas.contains("door_meta") && schemas.contains("default"), schemas.toString());
            try (ResultSet tables = metadata.getTables(null, "door_meta", "typ%", null)) {
                assertTrue(tables.next());
                assertEquals("typed", tables.getString("TABLE_NAME"));
                assertEquals("TABLE", tables.getString("TABLE_TYPE"));
                assertFalse(tables.next());
            }
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = metadata.getColumns(null, "door_meta", "typed", null)) {
                while (rows.next()) {
                    columns.add(rows.getString("COLUMN_NAME") + ":" + rows.getInt("DATA_TYPE"));
                }
            }
            assertEquals(List.of("id:" + java.sql.Types.BIGINT, "price:" + java.sql.Types.DECIMAL, "day:" + java.sql.Types.DATE, "tags:" + java.sql.Types.ARRAY), columns);
            try (ResultSet keys = metadata.getPrimaryKeys(null, "door_meta", "typed")) {
                assertFalse(keys.next());
            }
        }
    }

    @Test
    void bulkIngestCreatesAndAppends()
            throws Exception
    {
        Gateway gateway = TestingGateway.shared();
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlClient client = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.flightPort())).build());
                VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(List.of(
                        org.apache.arrow.vector.types.pojo.Field.nullable("id", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)),
                        org.apache.arrow.vector.types.pojo.Field.nullable("word", org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE))), allocator)) {
            BigIntVector ids = (BigIntVector) root.getVector("id");
            VarCharVector words = (VarCharVector) root.getVector("word");
            root.allocateNew();
            for (int i = 0; i < 1000; i++) {
                ids.setSafe(i, i);
                words.setSafe(i, ("w" + i).getBytes(StandardCharsets.UTF_8));
            }
            root.setRowCount(1000);
            FlightSqlClient.ExecuteIngestOptions create = new FlightSqlClient.ExecuteIngestOptions("door_ingested",
                    org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.newBuilder()
                            .setIfNotExist(org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableNotExistOption.TABLE_NOT_EXIST_OPTION_CREATE)
                            .setIfExists(org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementIngest.TableDefinitionOptions.TableExistsOption.TABLE_EXISTS_OPTION_APPEND)
                            .build(),
                    "default", null, java.util.Map.of());
            assertEquals(1000, client.executeIngest(root, create));
            assertEquals(1000, client.executeIngest(root, create));
        }
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*), sum(id), count(DISTINCT word) FROM door_ingested")) {
            assertTrue(rows.next());
            assertEquals(2000, rows.getLong(1));
            assertEquals(2 * 999 * 1000 / 2, rows.getLong(2));
            assertEquals(1000, rows.getLong(3));
            statement.execute("DROP TABLE door_ingested");
        }
    }

    @Test
    void cancelStopsARunningQuery()
            throws Exception
    {
        Gateway gateway = TestingGateway.shared();
        try (BufferAllocator allocator = new RootAllocator();
                FlightSqlClient client = new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.flightPort())).build())) {
            FlightInfo info = client.execute("SELECT count(*) FROM range(0, 300000) a CROSS JOIN range(0, 300000) b WHERE (a.id * b.id) % 7919 = 3");
            CompletableFuture<Throwable> fetch = CompletableFuture.supplyAsync(() -> {
                try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
                    while (stream.next()) {
                        // drain
                    }
                    return null;
                }
                catch (Exception e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (dev.sparkjobs.pool.embedded.TestingEngine.get().spark().sparkContext().statusTracker().getActiveJobIds().length == 0) {
                assertTrue(System.nanoTime() < deadline, "the query never started");
                Thread.sleep(20);
            }
            long cancelledAt = System.nanoTime();
            assertEquals(CancelStatus.CANCELLED, client.cancelFlightInfo(new CancelFlightInfoRequest(info)).getStatus());
            Throwable outcome = fetch.get(10, TimeUnit.SECONDS);
            assertTrue(outcome instanceof FlightRuntimeException, "expected the stream to fail, got " + outcome);
            assertTrue(outcome.getMessage().contains("57014") || outcome.getMessage().contains("cancel"), outcome.getMessage());
            assertTrue(System.nanoTime() - cancelledAt < TimeUnit.SECONDS.toNanos(5), "the Spark job stopped within 5 s");
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (dev.sparkjobs.pool.embedded.TestingEngine.get().spark().sparkContext().statusTracker().getActiveJobIds().length > 0) {
                assertTrue(System.nanoTime() < deadline, "Spark still runs the cancelled job");
                Thread.sleep(20);
            }
        }
    }
}
