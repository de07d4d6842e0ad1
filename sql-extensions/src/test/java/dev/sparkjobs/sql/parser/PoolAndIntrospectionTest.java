package dev.sparkjobs.sql.parser;

import static dev.sparkjobs.sql.parser.SqlFixture.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.sql.parser.ddl.SqlProperty;
import dev.sparkjobs.sql.parser.ddl.pool.SqlAlterPool;
import dev.sparkjobs.sql.parser.ddl.pool.SqlCreatePool;
import dev.sparkjobs.sql.parser.ddl.table.SqlCreateTableAs;
import dev.sparkjobs.sql.parser.ddl.view.SqlCreateView;
import dev.sparkjobs.sql.parser.show.SqlDescribeObject;
import dev.sparkjobs.sql.parser.show.SqlExplainObject;
import dev.sparkjobs.sql.parser.show.SqlShowCreate;
import dev.sparkjobs.sql.parser.show.SqlShowObjects;
import dev.sparkjobs.sql.parser.show.SqlShowRuns;
import org.junit.jupiter.api.Test;

/** Pools; SHOW, DESCRIBE, EXPLAIN of extended objects; CREATE/DROP VIEW, CREATE TABLE ... AS. */
class PoolAndIntrospectionTest
{
    @Test
    void pools()
    {
        SqlCreatePool pool = (SqlCreatePool) sql("create pool etl with ('share.level' = 'USER', 'min.engines' = '1', 'max.engines' = '8',"
                + " 'engine.idle.timeout' = '30m', 'kubernetes.context' = 'prod', 'kubernetes.namespace' = 'spark')")
                .ok("CREATE POOL `etl` WITH ('share.level' = 'USER', 'min.engines' = '1', 'max.engines' = '8',"
                        + " 'engine.idle.timeout' = '30m', 'kubernetes.context' = 'prod', 'kubernetes.namespace' = 'spark')");
        SqlProperty first = (SqlProperty) pool.options().orElseThrow().get(0);
        assertEquals("share.level", first.keyText());
        assertEquals("USER", first.valueText());
        sql("create or replace pool if not exists p").ok("CREATE OR REPLACE POOL IF NOT EXISTS `p`");
        assertEquals(1, ((SqlAlterPool) sql("alter pool etl set with ('max.engines' = '16')").ok("ALTER POOL `etl` SET WITH ('max.engines' = '16')"))
                .options().size());
        sql("drop pool etl").ok("DROP POOL `etl`");
        sql("drop pool if exists etl").ok("DROP POOL IF EXISTS `etl`");
        sql("create pool p with (^share^ = 'USER')").fails("(?s).*Encountered \"share\".*");
        sql("alter pool p set ^(^'a' = 'b')").fails("(?s).*Encountered \"\\(\".*");
        sql("alter pool p ^with^ ('a' = 'b')").fails("(?s).*Encountered \"with\".*");
        sql("drop pool ^;^").fails("(?s).*Encountered \";\".*");
    }

    @Test
    void show()
    {
        assertEquals(SqlShowObjects.Kind.JOBS, ((SqlShowObjects) sql("show jobs").ok("SHOW JOBS")).kind());
        sql("show streams like 'click%'").ok("SHOW STREAMS LIKE 'click%'");
        sql("show pools").ok("SHOW POOLS");
        sql("show engines like '%'").ok("SHOW ENGINES LIKE '%'");
        assertTrue(((SqlShowRuns) sql("show runs").ok("SHOW RUNS")).owner().isEmpty());
        SqlShowRuns runs = (SqlShowRuns) sql("show runs for job nightly limit 20").ok("SHOW RUNS FOR JOB `nightly` LIMIT 20");
        assertEquals(SqlShowRuns.Owner.JOB, runs.owner().orElseThrow());
        sql("show runs for stream s").ok("SHOW RUNS FOR STREAM `s`");
        sql("show runs limit 5").ok("SHOW RUNS LIMIT 5");
        assertEquals(SqlShowCreate.Kind.JOB, ((SqlShowCreate) sql("show create job j").ok("SHOW CREATE JOB `j`")).kind());
        sql("show create stream s").ok("SHOW CREATE STREAM `s`");
        sql("show jobs like ^x^").fails("(?s).*Encountered \"x\".*");
        sql("show runs for ^pool^ p").fails("(?s).*Encountered \"pool\".*");
        sql("show runs limit ^-^1").fails("(?s).*Encountered \"-\".*");
        sql("show create ^pool^ p").fails("(?s).*Encountered \"pool\".*");
    }

    @Test
    void describeAndExplain()
    {
        SqlDescribeObject job = (SqlDescribeObject) sql("describe job j").ok("DESCRIBE JOB `j`");
        assertFalse(job.isExtended());
        assertTrue(((SqlDescribeObject) sql("desc job extended j").ok("DESCRIBE JOB EXTENDED `j`")).isExtended());
        // A job named "extended".
        assertFalse(((SqlDescribeObject) sql("describe job extended").ok("DESCRIBE JOB `extended`")).isExtended());
        sql("describe stream s").ok("DESCRIBE STREAM `s`");
        sql("desc run 'run-7'").ok("DESCRIBE RUN 'run-7'");
        sql("describe pool extended etl").ok("DESCRIBE POOL EXTENDED `etl`");
        assertEquals(SqlExplainObject.Kind.STREAM, ((SqlExplainObject) sql("explain stream s").ok("EXPLAIN STREAM `s`")).kind());
        sql("explain job db.j").ok("EXPLAIN JOB `db`.`j`");
        sql("describe job j ^k^").fails("(?s).*Encountered \"k\".*");
        sql("explain job ^'j'^").fails("(?s).*Encountered.*");
    }

    @Test
    void views()
    {
        SqlCreateView view = (SqlCreateView) sql("create or replace view revenue0 (supplier_no, total_revenue) as select 1, 2")
                .ok("CREATE OR REPLACE VIEW `revenue0` (`supplier_no`, `total_revenue`) AS SELECT 1, 2");
        assertFalse(view.isTemporary());
        sql("create temporary view if not exists v as select * from t").ok("CREATE TEMPORARY VIEW IF NOT EXISTS `v` AS SELECT * FROM `t`");
        sql("drop view if exists v").ok("DROP VIEW IF EXISTS `v`");
        sql("create view v ^using^ parquet").fails("(?s).*Encountered \"using\".*");
    }

    @Test
    void createTableAs()
    {
        SqlCreateTableAs table = (SqlCreateTableAs) sql("create or replace table if not exists db.daily as select d, sum(x) from s group by d")
                .ok("CREATE OR REPLACE TABLE IF NOT EXISTS `db`.`daily` AS SELECT `d`, SUM(`x`) FROM `s` GROUP BY `d`");
        assertTrue(table.tableOptions().isEmpty());
        table = (SqlCreateTableAs) sql("create table t using parquet options (path '/tmp/t') tblproperties ('a' = 'b') as select 1 as c")
                .ok("CREATE TABLE `t` using parquet options (path '/tmp/t') tblproperties ('a' = 'b') AS SELECT 1 `c`");
        assertEquals("using parquet options (path '/tmp/t') tblproperties ('a' = 'b')", table.tableOptions().orElseThrow());
        // Only the AS form is read here; the rest of CREATE TABLE is Spark's.
        sql("create table t (a int) using parque^t^").fails("(?s).*Encountered \"<EOF>\".*");
    }
}
