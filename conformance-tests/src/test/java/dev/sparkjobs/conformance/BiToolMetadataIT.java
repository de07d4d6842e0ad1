package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The DatabaseMetaData walk a BI tool such as DBeaver makes on connect and when one browses a
 * schema and a table (product name and version, catalogs, schemas, table types, tables, columns,
 * keys, type info, functions), through the two drivers a tool is given: the stock Hive JDBC driver
 * on the HiveServer2 door, and the project's {@code jdbc:sparkjobs://} driver on Flight SQL. Each
 * runs in a separate JVM with only its jar on the classpath ({@link SeparateJvmClient}); the same
 * assertions apply to both.
 */
@ExtendWith(SharedGateway.class)
class BiToolMetadataIT
{
    private static final String SCHEMA = "bi_walk";
    private static final String TABLE = "orders";

    private static GatewayProcess gateway;

    @BeforeAll
    static void createTable(GatewayProcess shared)
            throws Exception
    {
        gateway = shared;
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            statement.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + TABLE);
            statement.execute("CREATE TABLE " + SCHEMA + "." + TABLE + " (id BIGINT, name STRING, amount DECIMAL(10,2), day DATE) USING parquet");
            statement.execute("CREATE OR REPLACE VIEW " + SCHEMA + ".big_orders AS SELECT * FROM " + SCHEMA + "." + TABLE + " WHERE amount > 100");
        }
    }

    @Test
    void hiveJdbcDriver()
            throws Exception
    {
        // The HiveServer2 door names the product as Spark Thrift Server does.
        check(new SeparateJvmClient(HiveJdbc.jar(), gateway.hiveUrl()).metadata(SCHEMA, TABLE), "Spark SQL", true);
    }

    @Test
    void sparkJobsDriver()
            throws Exception
    {
        check(new SeparateJvmClient(SeparateJvmClient.sparkJobsDriverJar(), gateway.sparkJobsUrl()).metadata(SCHEMA, TABLE), "Spark Jobs", false);
    }

    @Test
    void sparkJobsDriverFillsTheSqlState()
            throws Exception
    {
        Path file = GatewayProcess.newWorkDirectory("errors").resolve("errors.sql");
        Files.writeString(file, "SELECT * FROM no_such_table_anywhere\n;\nSELECT 42 AS answer\n", StandardCharsets.UTF_8);
        List<SeparateJvmClient.Result> results = new SeparateJvmClient(SeparateJvmClient.sparkJobsDriverJar(), gateway.sparkJobsUrl()).run(List.of(file)).get("errors.sql");
        assertEquals(2, results.size(), () -> "results: " + results);
        assertTrue(results.get(0).failed(), "a query on a missing table succeeded");
        assertEquals("42P01", results.get(0).sqlState(), () -> "SQLSTATE of: " + results.get(0).message());
        assertTrue(results.get(0).message().contains("no_such_table_anywhere"), results.get(0).message());
        // The connection goes on after the error.
        assertEquals(List.of(List.of(BigDecimal.valueOf(42))), results.get(1).rows());
    }

    /**
     * {@code typesAndFunctionsFromServer} is false for {@code jdbc:sparkjobs://}: Arrow's driver underneath
     * answers getTypeInfo itself, always empty, and never asks the server ({@link KnownDriverGapsIT});
     * Flight SQL has no command for getFunctions, which it answers empty too. A tool gets empty result
     * sets, not errors. A fixed driver fails the pins below.
     */
    private static void check(Map<String, List<SeparateJvmClient.Result>> walk, String productName, boolean typesAndFunctionsFromServer)
    {
        assertEquals(productName, value(walk, "getDatabaseProductName"));
        assertTrue(value(walk, "getDatabaseProductVersion").matches("\\d+\\.\\d+.*"), value(walk, "getDatabaseProductVersion"));
        assertFalse(value(walk, "getDriverName").isBlank());
        assertEquals("`", value(walk, "getIdentifierQuoteString"));

        SeparateJvmClient.single(walk, "getCatalogs");
        Set<String> schemas = strings(SeparateJvmClient.single(walk, "getSchemas").column("TABLE_SCHEM"));
        assertTrue(schemas.containsAll(Set.of("default", SCHEMA)), () -> "schemas: " + schemas);
        assertEquals(Set.of(SCHEMA), strings(SeparateJvmClient.single(walk, "getSchemas(pattern)").column("TABLE_SCHEM")));
        Set<String> tableTypes = strings(SeparateJvmClient.single(walk, "getTableTypes").column("TABLE_TYPE"));
        assertTrue(tableTypes.containsAll(Set.of("TABLE", "VIEW")), () -> "table types: " + tableTypes);

        SeparateJvmClient.Result tables = SeparateJvmClient.single(walk, "getTables");
        assertEquals(List.of("big_orders", TABLE), tables.column("TABLE_NAME").stream().map(String::valueOf).sorted().toList());
        for (int row = 0; row < tables.rows().size(); row++) {
            assertEquals(SCHEMA, tables.column("TABLE_SCHEM").get(row));
            assertEquals(tables.column("TABLE_NAME").get(row).equals(TABLE) ? "TABLE" : "VIEW", String.valueOf(tables.column("TABLE_TYPE").get(row)).toUpperCase(Locale.ROOT));
        }

        SeparateJvmClient.Result columns = SeparateJvmClient.single(walk, "getColumns");
        assertEquals(List.of("id", "name", "amount", "day"), columns.column("COLUMN_NAME"));
        assertEquals(numbers(Types.BIGINT, Types.VARCHAR, Types.DECIMAL, Types.DATE), columns.column("DATA_TYPE"));
        assertEquals(numbers(1, 2, 3, 4), columns.column("ORDINAL_POSITION"));
        assertEquals(BigDecimal.valueOf(10), columns.column("COLUMN_SIZE").get(2));
        assertEquals(BigDecimal.valueOf(2), columns.column("DECIMAL_DIGITS").get(2));
        assertEquals(List.of("YES", "YES", "YES", "YES"), columns.column("IS_NULLABLE"));

        // Spark tables have no keys: empty answers, never errors (a tool asks for every table).
        assertEquals(List.of(), SeparateJvmClient.single(walk, "getPrimaryKeys").rows());
        assertEquals(List.of(), SeparateJvmClient.single(walk, "getImportedKeys").rows());

        SeparateJvmClient.Result types = SeparateJvmClient.single(walk, "getTypeInfo");
        if (!typesAndFunctionsFromServer) {
            assertEquals(List.of(), types.rows(), "getTypeInfo now answers: check it like the Hive driver's and drop the pin");
        }
        else {
            Set<Object> dataTypes = Set.copyOf(types.column("DATA_TYPE"));
            assertTrue(dataTypes.containsAll(numbers(Types.BOOLEAN, Types.INTEGER, Types.BIGINT, Types.DOUBLE, Types.DECIMAL, Types.VARCHAR, Types.DATE, Types.TIMESTAMP)),
                    () -> "type info: " + types.rows());
        }

        Set<String> functions = SeparateJvmClient.single(walk, "getFunctions").column("FUNCTION_NAME").stream()
                .map(name -> String.valueOf(name).toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        if (!typesAndFunctionsFromServer) {
            assertEquals(Set.of(), functions, "getFunctions now answers: check it like the Hive driver's and drop the pin");
        }
        else {
            assertTrue(functions.containsAll(Set.of("upper", "sum", "date_add", "coalesce")), () -> functions.size() + " functions: " + functions);
        }
    }

    private static String value(Map<String, List<SeparateJvmClient.Result>> walk, String name)
    {
        return String.valueOf(SeparateJvmClient.single(walk, name).rows().get(0).get(0));
    }

    private static Set<String> strings(List<Object> values)
    {
        return values.stream().map(String::valueOf).collect(Collectors.toSet());
    }

    private static List<Object> numbers(int... values)
    {
        return Arrays.stream(values).mapToObj(value -> (Object) BigDecimal.valueOf(value)).toList();
    }
}
