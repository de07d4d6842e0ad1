package dev.sparkjobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.sql.parser.SqlSyntaxError;
import dev.sparkjobs.sql.parser.ddl.job.SqlCreateJob;
import dev.sparkjobs.sql.parser.show.SqlShowObjects;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalciteFrontDoorTest
{
    private final CalciteFrontDoor frontDoor = new CalciteFrontDoor();

    /** Spark SQL, much of which Calcite's grammar cannot express: every one goes to Spark as written. */
    static final List<String> SPARK_ONLY = List.of(
            "SELECT id, tag FROM events LATERAL VIEW explode(tags) t AS tag",
            "SELECT id, pos, tag FROM events LATERAL VIEW OUTER posexplode(tags) t AS pos, tag",
            "SELECT transform(arr, x -> x + 1) FROM t",
            "SELECT filter(arr, x -> x > 0), aggregate(arr, 0, (acc, x) -> acc + x) FROM t",
            "SELECT exists(arr, x -> x IS NULL) FROM t",
            "CREATE TABLE t (id BIGINT, name STRING) USING parquet LOCATION '/data/t'",
            "CREATE TABLE IF NOT EXISTS t USING delta PARTITIONED BY (d) AS SELECT * FROM s",
            "CREATE TEMPORARY VIEW v USING csv OPTIONS (path '/data/x.csv', header 'true')",
            "CREATE OR REPLACE TEMPORARY VIEW v AS SELECT 1 AS a",
            "CACHE TABLE t",
            "CACHE LAZY TABLE c AS SELECT * FROM t",
            "UNCACHE TABLE IF EXISTS t",
            "SELECT /*+ BROADCAST(d) */ f.id FROM f JOIN d ON f.k = d.k",
            "SELECT /*+ REPARTITION(8) */ * FROM t",
            "SELECT * FROM (SELECT year, course, earnings FROM sales) PIVOT (sum(earnings) FOR course IN ('dotNET', 'Java'))",
            "SELECT dept, salary, rank() OVER (PARTITION BY dept ORDER BY salary DESC) AS r FROM emp",
            "INSERT OVERWRITE TABLE t SELECT * FROM s",
            "INSERT OVERWRITE t PARTITION (d = '2024-01-01') SELECT id FROM s",
            "INSERT INTO t VALUES (1, 'a'), (2, 'b')",
            "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
            "SET spark.sql.shuffle.partitions = 8",
            "SET spark.sql.ansi.enabled=true",
            "RESET",
            "USE db",
            "SHOW TABLES",
            "SHOW CREATE TABLE t",
            "DESCRIBE TABLE EXTENDED t",
            "DESC t",
            "DESC job",
            "EXPLAIN EXTENDED SELECT * FROM t",
            "ANALYZE TABLE t COMPUTE STATISTICS",
            "REFRESH TABLE t",
            "MSCK REPAIR TABLE t",
            "ADD JAR '/tmp/x.jar'",
            "SELECT named_struct('a', 1).a, map('k', 1)['k'], array(1, 2)[0]",
            "SELECT * FROM t TABLESAMPLE (10 PERCENT)",
            "SELECT * FROM t DISTRIBUTE BY k SORT BY v",
            "SELECT * FROM t CLUSTER BY k",
            "SELECT a, b FROM t GROUP BY a, b WITH ROLLUP",
            "SELECT TRANSFORM (a, b) USING 'cat' AS (x, y) FROM t",
            "SELECT 'it\\'s', \"double quoted\", `quoted col` FROM t",
            "SELECT stream FROM t",
            "FROM t SELECT a",
            "VALUES (1, 2)",
            "SELECT 1;");

    @Test
    void sparkStatementsReachSparkExactlyAsWritten()
    {
        for (String sql : SPARK_ONLY) {
            RoutedStatement routed = frontDoor.route(sql);
            assertEquals(sql, routed.sparkSql(), sql);
            assertTrue(routed.kind() != StatementKind.EXTENDED, () -> sql + " was taken as extended: " + routed);
            assertTrue(routed.extended().isEmpty() && routed.syntaxError().isEmpty(), sql);
            assertEquals(PassThroughFrontDoor.kindOf(sql), routed.kind(), sql);
        }
    }

    @Test
    void extendedStatementsCarryTheirNode()
    {
        RoutedStatement routed = frontDoor.route("create job j schedule cron '0 2 * * *' as insert overwrite table t select * from s");
        assertEquals(StatementKind.EXTENDED, routed.kind());
        SqlCreateJob job = assertInstanceOf(SqlCreateJob.class, routed.extended().orElseThrow());
        assertEquals("insert overwrite table t select * from s", job.body().statements().get(0).text());
        assertTrue(routed.sparkFallbackSql().isEmpty());
        assertInstanceOf(SqlShowObjects.class, frontDoor.route("  -- list them\nSHOW JOBS;").extended().orElseThrow());
    }

    @Test
    void brokenExtendedStatementsAreRefusedWithTheirPosition()
    {
        RoutedStatement routed = frontDoor.route("create job j\n  retry many times\nas select 1");
        assertEquals(StatementKind.EXTENDED, routed.kind());
        SqlSyntaxError error = routed.syntaxError().orElseThrow();
        assertEquals("42601", error.sqlState());
        assertEquals(2, error.line());
        assertEquals(9, error.column());
        assertTrue(error.message().startsWith("Syntax error: Encountered \"many\" at line 2, column 9."), error.message());
        for (String sql : List.of("CREATE OR REPLACE STREAM s (", "alter pool p", "drop job", "run job", "cancel run", "show jobs like",
                "show create job", "explain stream", "create pool p with ('a' = )")) {
            RoutedStatement refused = frontDoor.route(sql);
            assertEquals(StatementKind.EXTENDED, refused.kind(), sql);
            assertTrue(refused.syntaxError().isPresent(), sql);
        }
    }

    @Test
    void oneExtendedStatementAtATime()
    {
        RoutedStatement routed = frontDoor.route("select 1; drop job j");
        assertEquals(StatementKind.EXTENDED, routed.kind());
        assertEquals(1, routed.syntaxError().orElseThrow().line());
        assertEquals(11, routed.syntaxError().orElseThrow().column());
    }

    @Test
    void standardSqlComesWithItsSparkTranslation()
    {
        RoutedStatement routed = frontDoor.route("select l_extendedprice * l_discount from lineitem where l_discount between decimal '0.05' and decimal '0.07'"
                + " fetch first 10 rows only");
        assertEquals(StatementKind.QUERY, routed.kind());
        assertEquals("SELECT `l_extendedprice` * `l_discount` FROM `lineitem` WHERE `l_discount` BETWEEN 0.05 AND 0.07 LIMIT 10",
                routed.sparkFallbackSql().orElseThrow().replaceAll("\\s+", " "));
        assertEquals("SELECT CAST(`a` AS STRING), DATE '1998-12-01' - INTERVAL '90' DAY, 'it\\'s' FROM `t`",
                frontDoor.translateForSpark("select cast(a as varchar), date '1998-12-01' - interval '90' day (3), 'it\\'s' from t").orElseThrow()
                        .replaceAll("\\s+", " "));
        assertEquals("SELECT * FROM `t` LIMIT 5 OFFSET 2",
                frontDoor.translateForSpark("select * from t offset 2 rows fetch next 5 rows only").orElseThrow().replaceAll("\\s+", " "));
        assertTrue(frontDoor.translateForSpark("SELECT id FROM events LATERAL VIEW explode(tags) t AS tag").isEmpty());
        assertTrue(frontDoor.translateForSpark("show jobs").isEmpty());
    }

    @Test
    void aParseThatRunsPastTheLimitNeverBlocksASparkStatement()
    {
        CalciteFrontDoor impatient = new CalciteFrontDoor(Duration.ofNanos(1));
        StringBuilder big = new StringBuilder("select 0");
        for (int i = 1; i < 5000; i++) {
            big.append(" + ").append(i);
        }
        String sql = big.append(" from t").toString();
        RoutedStatement routed = impatient.route(sql);
        assertEquals(sql, routed.sparkSql());
        assertEquals(StatementKind.QUERY, routed.kind());
        RoutedStatement extended = impatient.route("create job j as " + sql);
        assertEquals(SqlSyntaxError.STATEMENT_TOO_COMPLEX, extended.syntaxError().orElseThrow().sqlState());
    }

    @Test
    void deeplyNestedInputIsTooComplexNotACrash()
    {
        String nested = "select " + "(".repeat(50_000) + "1" + ")".repeat(50_000);
        RoutedStatement routed = frontDoor.route(nested);
        assertEquals(nested, routed.sparkSql());
        assertEquals(StatementKind.QUERY, routed.kind());
        SqlSyntaxError error = frontDoor.route("create job j as " + nested).syntaxError().orElseThrow();
        assertEquals(SqlSyntaxError.STATEMENT_TOO_COMPLEX, error.sqlState());
        assertTrue(error.message().contains("nested too deeply"), error.message());
    }

    @Test
    void routeNeverThrows()
    {
        for (String sql : List.of("", " ", ";", "\u0000", "'unterminated", "/* unterminated", "`", "select (((((", "create job",
                "\uD83D\uDE00", "select 1e999999", "select interval '1-2-3' day", "create job j as begin", "select ? from t")) {
            RoutedStatement routed = frontDoor.route(sql);
            assertEquals(sql, routed.sparkSql());
        }
    }

    @Test
    void leadingWords()
    {
        assertEquals(List.of("CREATE", "OR", "REPLACE", "JOB"), CalciteFrontDoor.leadingWords("/* c */ -- x\n create or replace job j", 4));
        assertTrue(CalciteFrontDoor.looksExtended("create or replace stream s"));
        assertTrue(CalciteFrontDoor.looksExtended("SHOW CREATE JOB j"));
        assertFalse(CalciteFrontDoor.looksExtended("show create table t"));
        assertFalse(CalciteFrontDoor.looksExtended("describe job"));
        assertFalse(CalciteFrontDoor.looksExtended("create table job (a int)"));
    }
}
