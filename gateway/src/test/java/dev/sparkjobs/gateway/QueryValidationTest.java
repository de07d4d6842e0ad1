package dev.sparkjobs.gateway;

import static dev.sparkjobs.gateway.JobsTest.query;
import static dev.sparkjobs.gateway.JobsTest.sqlState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calcite checks Spark-bound queries against the catalog before Spark runs them: a missing column
 * is refused with SQLSTATE 42703, its line and column in the user's text and a did-you-mean, while
 * every name Spark resolves and Calcite's listing does not (lateral aliases, temporary views,
 * another current database) still reaches Spark.
 */
class QueryValidationTest
{
    @BeforeAll
    static void tables()
            throws Exception
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS qv_orders");
            statement.execute("CREATE TABLE qv_orders (id INT, amount DOUBLE, customer STRING, address STRUCT<city: STRING, zip: STRING>) USING parquet");
            statement.execute("INSERT INTO qv_orders VALUES (1, 10.5, 'ann', named_struct('city', 'Oslo', 'zip', '0150')), (2, 4.0, 'bob', named_struct('city', 'Lyon', 'zip', '69001'))");
        }
    }

    @Test
    void missingColumnRefusedWithPosition()
            throws Exception
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            SQLException error = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT id, amout FROM qv_orders"));
            assertEquals("42703", sqlState(error), error.getMessage());
            assertTrue(error.getMessage().contains("Column 'amout' not found in any table of the query; did you mean 'amount'? (line 1, column 12)"), error.getMessage());

            error = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT o.id,\n       SUM(o.amount)\nFROM qv_orders o\nWHERE o.custmer = 'ann'\nGROUP BY o.id"));
            assertEquals("42703", sqlState(error), error.getMessage());
            assertTrue(error.getMessage().contains("(line 4, column 9)"), error.getMessage());

            // The session keeps serving.
            assertEquals(List.of("2"), query(statement, "SELECT COUNT(*) FROM qv_orders"));
        }
    }

    @Test
    void namesSparkResolvesStillReachSpark()
            throws Exception
    {
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            // Spark's lateral column alias, struct fields, GROUP BY and ORDER BY aliases, Spark-only functions.
            assertEquals("22.0", JobsTest.row(statement, "SELECT amount * 2 AS doubled, doubled + 1 AS more FROM qv_orders WHERE id = 1").get("more"));
            assertEquals(List.of("Lyon", "Oslo"), query(statement, "SELECT address.city AS city FROM qv_orders ORDER BY city"));
            assertEquals(List.of("ANN"), query(statement, "SELECT upper(customer) AS who, COUNT(*) FROM qv_orders WHERE id = 1 GROUP BY who"));
            assertFalse(query(statement, "SELECT _metadata.file_name FROM qv_orders").isEmpty());
        }
        // A temporary view shadows the table of the same name; another current database changes what a bare name means.
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE OR REPLACE TEMPORARY VIEW qv_orders AS SELECT 'shadow' AS other");
            assertEquals(List.of("shadow"), query(statement, "SELECT other FROM qv_orders"));
        }
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS qv_db");
            statement.execute("CREATE TABLE IF NOT EXISTS qv_db.qv_orders (elsewhere INT) USING parquet");
            statement.execute("USE qv_db");
            assertEquals(List.of("0"), query(statement, "SELECT COUNT(elsewhere) FROM qv_orders"));
            statement.execute("USE default");
        }
    }
}
