package dev.sparkjobs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.pool.embedded.TestingEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Spark SQL that Calcite's grammar cannot express (lambdas, LATERAL VIEW, USING, hints, PIVOT,
 * TRANSFORM, CACHE TABLE, MERGE where the catalog allows, ...) runs through the gateway exactly
 * as written: each query's rows through a stock client (Arrow Flight SQL JDBC) equal the rows of
 * the same text run on Spark directly (a new session of the same engine).
 */
class SparkOnlyStatementsTest
{
    /** Setup statements, run through the gateway; then each query is compared. */
    private static final List<String> SETUP = List.of(
            "DROP TABLE IF EXISTS so_people",
            "DROP TABLE IF EXISTS so_sales",
            "DROP TABLE IF EXISTS so_copy",
            "CREATE TABLE so_people (id INT, name STRING, tags ARRAY<STRING>, dept STRING) USING parquet",
            "INSERT INTO so_people VALUES (1, 'ada', array('math', 'code'), 'eng'), (2, 'grace', array('navy'), 'eng'), (3, 'alan', array(), 'research')",
            "CREATE TABLE so_sales USING parquet AS SELECT * FROM VALUES ('eng', 'q1', 10), ('eng', 'q2', 20), ('research', 'q1', 5) AS t(dept, quarter, amount)",
            "CREATE TABLE so_copy USING parquet AS SELECT * FROM so_people WHERE 1 = 0",
            "INSERT OVERWRITE TABLE so_copy SELECT * FROM so_people",
            "INSERT INTO so_copy SELECT /*+ REPARTITION(2) */ * FROM so_people WHERE id = 1",
            "CACHE TABLE so_cached AS SELECT dept, COUNT(*) AS n FROM so_people GROUP BY dept",
            "CREATE OR REPLACE TEMPORARY VIEW so_view AS SELECT id, upper(name) AS name FROM so_people",
            "SET spark.sql.shuffle.partitions = 3",
            "CREATE OR REPLACE TEMPORARY VIEW so_json USING json OPTIONS (path '" + TestingEngine.dataDirectory().resolve("so-json") + "')",
            "UNCACHE TABLE IF EXISTS so_nothing");

    private static final List<String> QUERIES = List.of(
            "SELECT id, CAST(transform(tags, x -> upper(x)) AS STRING) AS t FROM so_people ORDER BY id",
            "SELECT id, CAST(filter(tags, x -> x LIKE 'm%') AS STRING) FROM so_people ORDER BY id",
            "SELECT aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x)",
            "SELECT id, tag FROM so_people LATERAL VIEW explode(tags) t AS tag ORDER BY id, tag",
            "SELECT id, tag FROM so_people LATERAL VIEW OUTER explode(tags) t AS tag ORDER BY id, tag",
            "SELECT /*+ BROADCAST(s) */ p.name, s.amount FROM so_people p JOIN so_sales s ON p.dept = s.dept ORDER BY p.name, s.amount",
            "SELECT * FROM so_sales PIVOT (SUM(amount) FOR quarter IN ('q1', 'q2')) ORDER BY dept",
            "SELECT dept, name, rank() OVER (PARTITION BY dept ORDER BY id) AS r FROM so_people ORDER BY dept, r",
            "SELECT dept, amount, SUM(amount) OVER (PARTITION BY dept ORDER BY quarter ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM so_sales ORDER BY dept, quarter",
            "SELECT * FROM so_cached ORDER BY dept",
            "SELECT id, name FROM so_view ORDER BY id",
            "SELECT COUNT(*) FROM so_copy",
            "SELECT TRANSFORM(id, name) USING 'cat' AS (a STRING, b STRING) FROM so_people ORDER BY a",
            "SELECT to_json(named_struct('a', 1, 'b', 'x')) AS s, to_json(map('k', 1)) AS m",
            "SELECT id, name FROM so_people WHERE name RLIKE '^a' ORDER BY id",
            "SELECT explode(sequence(1, 4)) AS n",
            "SELECT posexplode(array('a', 'b'))",
            "SELECT inline(array(struct(1, 'a'), struct(2, 'b')))",
            "SELECT date_format(DATE '2024-02-29', 'yyyy/MM/dd'), date_add(DATE '2024-02-28', 1)",
            "SELECT id, CASE WHEN size(tags) > 1 THEN 'many' ELSE 'few' END FROM so_people ORDER BY id",
            "SELECT dept, CAST(array_sort(collect_list(name)) AS STRING) FROM so_people GROUP BY dept ORDER BY dept",
            "SELECT dept, count_if(id > 1), max_by(name, id) FROM so_people GROUP BY dept ORDER BY dept",
            "SELECT id, name, dept FROM so_people TABLESAMPLE (100 PERCENT) ORDER BY id",
            "SELECT dept, quarter, SUM(amount) FROM so_sales GROUP BY ROLLUP (dept, quarter) ORDER BY dept NULLS LAST, quarter NULLS LAST",
            "SELECT dept, SUM(amount) FROM so_sales GROUP BY dept HAVING SUM(amount) > 6 ORDER BY dept",
            "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(x, y) ORDER BY x",
            "SELECT struct(id, name).name FROM so_people ORDER BY id",
            "SELECT try_divide(10, 0), try_cast('x' AS INT), 7 DIV 2",
            "SELECT id FROM so_people ORDER BY id LIMIT 2 OFFSET 1",
            "WITH d AS (SELECT dept, COUNT(*) AS n FROM so_people GROUP BY dept) SELECT * FROM d ORDER BY dept",
            "SELECT `id`, `name` FROM `so_people` ORDER BY `id`",
            "SELECT k, v FROM so_json ORDER BY k",
            "SELECT id, name FROM so_people WHERE id IN (SELECT 1 UNION ALL SELECT 3) ORDER BY id",
            "SELECT CAST(array_sort(array(3, 1, 2)) AS STRING), CAST(array_distinct(array(1, 1, 2)) AS STRING), element_at(map('a', 1), 'a')",
            "SHOW TABLES LIKE 'so_*'",
            "DESCRIBE TABLE so_people");

    @Test
    void sparkOnlyStatementsAnswerAsOnSpark()
            throws Exception
    {
        java.nio.file.Path json = TestingEngine.dataDirectory().resolve("so-json");
        java.nio.file.Files.createDirectories(json);
        java.nio.file.Files.writeString(json.resolve("part-0.json"), "{\"k\": 1, \"v\": \"one\"}\n{\"k\": 2, \"v\": \"two\"}\n");
        SparkSession direct = TestingEngine.get().spark().newSession();
        int compared = 0;
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            for (String setup : SETUP) {
                statement.execute(setup);
            }
            // What the gateway's session made (temp views, cache, SET) is session state: redo it on the direct session.
            for (String setup : SETUP) {
                if (setup.contains("TEMPORARY VIEW") || setup.startsWith("SET ") || setup.startsWith("CACHE")) {
                    direct.sql(setup.replace("CACHE TABLE so_cached", "CACHE TABLE so_cached_direct"));
                }
            }
            for (String query : QUERIES) {
                List<String> viaGateway = gatewayRows(statement, query);
                List<String> viaSpark = sparkRows(direct, query.replace("so_cached", "so_cached_direct"));
                if (query.startsWith("SHOW TABLES")) {
                    viaSpark = viaSpark.stream().map(row -> row.replace("so_cached_direct", "so_cached")).toList();
                    viaGateway = viaGateway.stream().filter(row -> !row.contains("so_json") && !row.contains("so_view")).toList();
                    viaSpark = viaSpark.stream().filter(row -> !row.contains("so_json") && !row.contains("so_view")).toList();
                }
                assertEquals(viaSpark, viaGateway, query);
                compared++;
            }
            // MERGE INTO needs a catalog that supports row-level changes; the session catalog's parquet tables do not, and the error says so.
            SQLException merge = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> statement.execute("MERGE INTO so_copy t USING so_people s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name"));
            assertTrue(merge.getMessage().contains("MERGE") || merge.getMessage().contains("UNSUPPORTED"), merge.getMessage());
            assertEquals("1", gatewayRows(statement, "SELECT 1").get(0), "the session keeps serving");
        }
        assertEquals(QUERIES.size(), compared);
        assertTrue(SETUP.size() + QUERIES.size() + 1 >= 30);
    }

    private static List<String> gatewayRows(Statement statement, String sql)
            throws SQLException
    {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.append(i > 1 ? "|" : "").append(normalize(value));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static List<String> sparkRows(SparkSession spark, String sql)
    {
        List<String> rows = new ArrayList<>();
        for (Row row : spark.sql(sql).collectAsList()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < row.length(); i++) {
                text.append(i > 0 ? "|" : "").append(normalize(row.get(i)));
            }
            rows.add(text.toString());
        }
        return rows;
    }

    /** Values as comparable text: numbers by value, collections and structs by their elements. */
    private static String normalize(Object value)
    {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number number) {
            return new java.math.BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            List<String> items = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(seq).forEach(item -> items.add(normalize(item)));
            return items.toString();
        }
        if (value instanceof java.util.List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(normalize(item)));
            return items.toString();
        }
        if (value instanceof Row row) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                items.add(normalize(row.get(i)));
            }
            return items.toString();
        }
        if (value instanceof java.util.Map<?, ?> map) {
            List<String> items = new ArrayList<>();
            map.forEach((k, v) -> items.add(normalize(k) + "=" + normalize(v)));
            return items.toString();
        }
        if (value instanceof scala.collection.Map<?, ?> map) {
            List<String> items = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(map).forEach((k, v) -> items.add(normalize(k) + "=" + normalize(v)));
            return items.toString();
        }
        return value.toString();
    }
}
