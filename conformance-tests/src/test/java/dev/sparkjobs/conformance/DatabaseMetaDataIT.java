package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DatabaseMetaData as a BI tool walks it: catalogs, schemas, tables and views with patterns and
 * types, the columns of a table, keys, and the scalar properties. Every metadata result set is
 * closed before its connection, as JDBC code should: the 18.1.0 driver throws from
 * Connection.close otherwise ({@link KnownDriverGapsIT}).
 */
@ExtendWith(SharedGateway.class)
class DatabaseMetaDataIT
{
    private static final String CATALOG = "spark_catalog";
    private static final String SCHEMA = "meta_db";

    private static GatewayProcess gateway;
    private static Connection connection;
    private static DatabaseMetaData metadata;

    @BeforeAll
    static void createObjects(GatewayProcess shared)
            throws SQLException
    {
        gateway = shared;
        connection = gateway.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            statement.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".meta_orders "
                    + "(id BIGINT, customer STRING, amount DECIMAL(12,2), ordered DATE, note CHAR(3), tags ARRAY<STRING>) USING parquet");
            statement.execute("CREATE OR REPLACE VIEW " + SCHEMA + ".meta_big_orders AS SELECT id, amount FROM " + SCHEMA + ".meta_orders WHERE amount > 100");
            statement.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".other (x INT) USING parquet");
        }
        metadata = connection.getMetaData();
    }

    @AfterAll
    static void close()
            throws SQLException
    {
        // Throws if any metadata result set above were left open.
        connection.close();
    }

    @Test
    void catalogs()
            throws SQLException
    {
        assertEquals(List.of(List.of(CATALOG)), rows(metadata.getCatalogs(), "TABLE_CAT"));
    }

    @Test
    void schemas()
            throws SQLException
    {
        List<List<Object>> all = rows(metadata.getSchemas(), "TABLE_SCHEM", "TABLE_CATALOG");
        assertTrue(all.contains(List.of("default", CATALOG)), "no default schema in " + all);
        assertTrue(all.contains(List.of(SCHEMA, CATALOG)), "no " + SCHEMA + " in " + all);
        assertEquals(List.of(List.of(SCHEMA, CATALOG)), rows(metadata.getSchemas(CATALOG, "meta%"), "TABLE_SCHEM", "TABLE_CATALOG"));
        assertEquals(List.of(), rows(metadata.getSchemas("no_such_catalog", null), "TABLE_SCHEM"));
    }

    @Test
    void tablesByPatternAndType()
            throws SQLException
    {
        assertEquals(List.of(
                        List.of(CATALOG, SCHEMA, "meta_big_orders", "VIEW"),
                        List.of(CATALOG, SCHEMA, "meta_orders", "TABLE"),
                        List.of(CATALOG, SCHEMA, "other", "TABLE")),
                sorted(rows(metadata.getTables(null, SCHEMA, "%", null), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE")));
        // '_' matches one character and '%' any run; names match case-insensitively, as Spark's do.
        assertEquals(List.of(List.of("meta_big_orders"), List.of("meta_orders")),
                sorted(rows(metadata.getTables(CATALOG, "META%", "Meta_%", null), "TABLE_NAME")));
        assertEquals(List.of(List.of("meta_big_orders")), rows(metadata.getTables(null, SCHEMA, "%", new String[] {"VIEW"}), "TABLE_NAME"));
        assertEquals(List.of(List.of("meta_orders"), List.of("other")), sorted(rows(metadata.getTables(null, SCHEMA, "%", new String[] {"TABLE"}), "TABLE_NAME")));
        assertEquals(List.of(), rows(metadata.getTables(null, SCHEMA, "no_such_table", null), "TABLE_NAME"));
        try (ResultSet tables = metadata.getTables(null, SCHEMA, "other", null)) {
            assertTrue(tables.next());
            // The columns a tool reads by name, even when they are empty.
            for (String column : List.of("REMARKS", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION")) {
                tables.getString(column);
            }
        }
    }

    @Test
    void columnsOfATable()
            throws SQLException
    {
        List<List<Object>> columns = rows(metadata.getColumns(null, SCHEMA, "meta_orders", null),
                "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE", "ORDINAL_POSITION", "IS_NULLABLE");
        // Spark's file tables accept NULL in every column; TYPE_NAME is Spark's own type name.
        assertEquals(List.of(
                Arrays.asList(CATALOG, SCHEMA, "meta_orders", "id", Types.BIGINT, "BIGINT", 19, 0, DatabaseMetaData.columnNullable, 1, "YES"),
                Arrays.asList(CATALOG, SCHEMA, "meta_orders", "customer", Types.VARCHAR, "STRING", 65536, null, DatabaseMetaData.columnNullable, 2, "YES"),
                Arrays.asList(CATALOG, SCHEMA, "meta_orders", "amount", Types.DECIMAL, "DECIMAL(12,2)", 12, 2, DatabaseMetaData.columnNullable, 3, "YES"),
                Arrays.asList(CATALOG, SCHEMA, "meta_orders", "ordered", Types.DATE, "DATE", 10, 0, DatabaseMetaData.columnNullable, 4, "YES"),
                Arrays.asList(CATALOG, SCHEMA, "meta_orders", "note", Types.VARCHAR, "CHAR(3)", 65536, null, DatabaseMetaData.columnNullable, 5, "YES"),
                Arrays.asList(CATALOG, SCHEMA, "meta_orders", "tags", Types.ARRAY, "ARRAY<STRING>", null, null, DatabaseMetaData.columnNullable, 6, "YES")),
                columns);
    }

    @Test
    void columnsByPatternAcrossTablesAndViews()
            throws SQLException
    {
        // Column names containing an 'o'; ORDINAL_POSITION counts all of a table's columns.
        assertEquals(sorted(List.of(
                        List.of("meta_big_orders", "amount", 2),
                        List.of("meta_orders", "customer", 2),
                        List.of("meta_orders", "amount", 3),
                        List.of("meta_orders", "ordered", 4),
                        List.of("meta_orders", "note", 5))),
                sorted(rows(metadata.getColumns(CATALOG, SCHEMA, "meta%", "%o%"), "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION")));
    }

    @Test
    void tableTypes()
            throws SQLException
    {
        assertEquals(List.of(List.of("TABLE"), List.of("VIEW")), sorted(rows(metadata.getTableTypes(), "TABLE_TYPE")));
    }

    @Test
    void typeInfoAnswersWithoutError()
            throws SQLException
    {
        // The 18.1.0 driver answers getTypeInfo itself, always empty, without asking the server's
        // GetXdbcTypeInfo ({@link KnownDriverGapsIT}); a tool must at least get a result set.
        try (ResultSet types = metadata.getTypeInfo()) {
            types.findColumn("TYPE_NAME");
            types.findColumn("DATA_TYPE");
            while (types.next()) {
                types.getString("TYPE_NAME");
            }
        }
    }

    @Test
    void keysAreEmptyNotErrors()
            throws SQLException
    {
        assertEquals(List.of(), rows(metadata.getPrimaryKeys(null, SCHEMA, "meta_orders")));
        assertEquals(List.of(), rows(metadata.getImportedKeys(null, SCHEMA, "meta_orders")));
        assertEquals(List.of(), rows(metadata.getExportedKeys(null, SCHEMA, "meta_orders")));
        assertEquals(List.of(), rows(metadata.getCrossReference(null, SCHEMA, "meta_orders", null, SCHEMA, "other")));
    }

    @Test
    void productAndDialect()
            throws SQLException
    {
        assertEquals("Spark Jobs", metadata.getDatabaseProductName());
        assertTrue(metadata.getDatabaseProductVersion().contains("Spark 4.0.1"), metadata.getDatabaseProductVersion());
        assertEquals("`", metadata.getIdentifierQuoteString());
        List<String> keywords = Arrays.asList(metadata.getSQLKeywords().split(",\\s*"));
        assertTrue(keywords.containsAll(List.of("LATERAL", "PIVOT", "TABLESAMPLE", "USING")), "keywords: " + keywords);
        assertTrue(Arrays.asList(metadata.getNumericFunctions().split(",\\s*")).contains("ABS"), metadata.getNumericFunctions());
        assertTrue(Arrays.asList(metadata.getStringFunctions().split(",\\s*")).contains("SUBSTRING"), metadata.getStringFunctions());
        assertTrue(Arrays.asList(metadata.getTimeDateFunctions().split(",\\s*")).contains("YEAR"), metadata.getTimeDateFunctions());
        assertEquals("\\", metadata.getSearchStringEscape());
        assertEquals("schema", metadata.getSchemaTerm());
        assertEquals("catalog", metadata.getCatalogTerm());
        assertFalse(metadata.isReadOnly());
        assertFalse(metadata.supportsTransactions());
        assertEquals(Connection.TRANSACTION_NONE, metadata.getDefaultTransactionIsolation());
        assertTrue(metadata.supportsFullOuterJoins());
        assertTrue(metadata.supportsUnionAll());
        assertTrue(metadata.supportsCorrelatedSubqueries());
        assertTrue(metadata.supportsANSI92EntryLevelSQL());
        assertFalse(metadata.supportsBatchUpdates());
        assertTrue(metadata.nullPlusNonNullIsNull());
    }

    @Test
    void everyScalarPropertyAnswers()
            throws Exception
    {
        // A tool such as DBeaver reads most of these on connect; the driver throws
        // NullPointerException for any GetSqlInfo key the server leaves out.
        Map<String, String> failures = new TreeMap<>();
        for (Method method : DatabaseMetaData.class.getMethods()) {
            if (method.getParameterCount() != 0 || method.getReturnType() == ResultSet.class || method.getReturnType() == Connection.class) {
                continue;
            }
            try {
                method.invoke(metadata);
            }
            catch (InvocationTargetException e) {
                failures.put(method.getName(), String.valueOf(e.getCause()));
            }
        }
        assertEquals(Map.of(), failures);
    }

    @Test
    void aConnectionUsedForMetadataClosesCleanly()
            throws SQLException
    {
        try (Connection other = gateway.connect()) {
            DatabaseMetaData otherMetadata = other.getMetaData();
            rows(otherMetadata.getColumns(null, SCHEMA, "meta_orders", null), "COLUMN_NAME");
            rows(otherMetadata.getTables(null, null, "%", null), "TABLE_NAME");
            rows(otherMetadata.getSchemas(), "TABLE_SCHEM");
            rows(otherMetadata.getCatalogs(), "TABLE_CAT");
            rows(otherMetadata.getTableTypes(), "TABLE_TYPE");
            rows(otherMetadata.getPrimaryKeys(null, SCHEMA, "meta_orders"));
        }
    }

    /** The named columns of every row; the result set is closed. */
    private static List<List<Object>> rows(ResultSet result, String... columns)
            throws SQLException
    {
        try (result) {
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (String column : columns) {
                    row.add(result.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static List<List<Object>> sorted(List<List<Object>> rows)
    {
        return rows.stream().sorted((a, b) -> a.toString().compareTo(b.toString())).toList();
    }
}
