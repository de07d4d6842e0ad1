package dev.sparkjobs.sql.parser;

import static dev.sparkjobs.sql.parser.SqlFixture.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.sql.parser.ddl.SqlEmbeddedStatement;
import dev.sparkjobs.sql.parser.ddl.SqlRetryPolicy;
import dev.sparkjobs.sql.parser.ddl.SqlSla;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobAs;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobDependencies;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobRename;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobSet;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobState;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobUnset;
import dev.sparkjobs.sql.parser.ddl.job.SqlCancelJob;
import dev.sparkjobs.sql.parser.ddl.job.SqlCancelMode;
import dev.sparkjobs.sql.parser.ddl.job.SqlCancelRun;
import dev.sparkjobs.sql.parser.ddl.job.SqlCreateJob;
import dev.sparkjobs.sql.parser.ddl.job.SqlDropJob;
import dev.sparkjobs.sql.parser.ddl.job.SqlExpectation;
import dev.sparkjobs.sql.parser.ddl.job.SqlJobClauses;
import dev.sparkjobs.sql.parser.ddl.job.SqlJobDependencies;
import dev.sparkjobs.sql.parser.ddl.job.SqlNotification;
import dev.sparkjobs.sql.parser.ddl.job.SqlRunJob;
import dev.sparkjobs.sql.parser.ddl.job.SqlSchedule;
import dev.sparkjobs.sql.parser.ddl.table.SqlCreateTableAs;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** CREATE / ALTER / DROP / RUN / CANCEL JOB: round trips and pinned failures. */
class JobStatementsTest
{
    @Test
    void createJobMinimal()
    {
        SqlCreateJob job = (SqlCreateJob) sql("create job j as select 1").ok("CREATE JOB `j` AS SELECT 1");
        assertFalse(job.getReplace());
        assertFalse(job.ifNotExists);
        assertTrue(job.clauses().isEmpty());
        assertInstanceOf(SqlSelect.class, job.body().statements().get(0).parsed().orElseThrow());
    }

    @Test
    void createJobKeepsTheCaseOfNames()
    {
        sql("create or replace job if not exists Sales.NightlyLoad as select Id from Orders")
                .ok("CREATE OR REPLACE JOB IF NOT EXISTS `Sales`.`NightlyLoad` AS SELECT `Id` FROM `Orders`");
        sql("create job `my job` as select 1").ok("CREATE JOB `my job` AS SELECT 1");
    }

    @Test
    void createJobWithEveryClause()
    {
        SqlCreateJob job = (SqlCreateJob) sql("create job j"
                + " comment 'nightly \\'load\\''"
                + " in pool etl"
                + " with ('spark.executor.instances' = '10', 'executor.memory' = '8g', 'retries' = 3)"
                + " schedule cron '0 2 * * *' time zone 'Europe/Berlin'"
                + " after a, b when all succeeded"
                + " retry 3 times delay interval '5' minute backoff exponential max interval '1' hour"
                + " timeout interval '2' hour"
                + " sla finish within interval '3' hour of scheduled time"
                + " sla max runtime interval '90' minute"
                + " concurrency forbid"
                + " suspend after 5 failures"
                + " constraint valid_id expect (id is not null) on violation drop row"
                + " constraint positive expect (amount > 0)"
                + " on success notify 'https://hooks/ok'"
                + " on failure notify 'https://hooks/fail'"
                + " on sla miss notify 'https://hooks/late'"
                + " as insert into t select * from s")
                .ok("CREATE JOB `j` COMMENT 'nightly \\'load\\'' IN POOL `etl`"
                        + " WITH ('spark.executor.instances' = '10', 'executor.memory' = '8g', 'retries' = 3)"
                        + " SCHEDULE CRON '0 2 * * *' TIME ZONE 'Europe/Berlin'"
                        + " AFTER `a`, `b` WHEN ALL SUCCEEDED"
                        + " RETRY 3 TIMES DELAY INTERVAL '5' MINUTE BACKOFF EXPONENTIAL MAX INTERVAL '1' HOUR"
                        + " TIMEOUT INTERVAL '2' HOUR"
                        + " SLA FINISH WITHIN INTERVAL '3' HOUR OF SCHEDULED TIME SLA MAX RUNTIME INTERVAL '90' MINUTE"
                        + " CONCURRENCY FORBID SUSPEND AFTER 5 FAILURES"
                        + " CONSTRAINT `valid_id` EXPECT (`id` IS NOT NULL) ON VIOLATION DROP ROW"
                        + " CONSTRAINT `positive` EXPECT (`amount` > 0)"
                        + " ON SUCCESS NOTIFY 'https://hooks/ok' ON FAILURE NOTIFY 'https://hooks/fail'"
                        + " ON SLA MISS NOTIFY 'https://hooks/late'"
                        + " AS INSERT INTO `t` SELECT * FROM `s`");
        SqlJobClauses clauses = job.clauses();
        assertEquals("nightly 'load'", ((SqlLiteral) clauses.comment().orElseThrow()).getValueAs(String.class));
        assertEquals(3, clauses.options().orElseThrow().size());
        assertEquals(SqlSchedule.Kind.CRON, clauses.schedule().orElseThrow().kind());
        assertEquals(SqlJobDependencies.Condition.ALL_SUCCEEDED, clauses.after().orElseThrow().condition());
        assertEquals(SqlRetryPolicy.Backoff.EXPONENTIAL, clauses.retry().orElseThrow().backoff().orElseThrow());
        assertEquals(2, clauses.slas().size());
        assertTrue(((SqlSla) clauses.slas().get(0)).ofScheduledTime());
        assertEquals(SqlJobClauses.Concurrency.FORBID, clauses.concurrency().orElseThrow());
        assertEquals(2, clauses.expectations().size());
        assertEquals(SqlExpectation.Action.DROP_ROW, ((SqlExpectation) clauses.expectations().get(0)).action().orElseThrow());
        assertTrue(((SqlExpectation) clauses.expectations().get(1)).action().isEmpty());
        assertEquals(SqlNotification.Event.SLA_MISS, ((SqlNotification) clauses.notifications().get(2)).event());
        assertInstanceOf(SqlInsert.class, job.body().statements().get(0).parsed().orElseThrow());
    }

    @Test
    void clausesInAnyOrderUnparseInGrammarOrder()
    {
        sql("create job j on failure notify 'x' timeout interval '1' hour schedule manual comment 'c' as select 1")
                .ok("CREATE JOB `j` COMMENT 'c' SCHEDULE MANUAL TIMEOUT INTERVAL '1' HOUR ON FAILURE NOTIFY 'x' AS SELECT 1");
    }

    @Test
    void schedules()
    {
        sql("create job j schedule cron '*/5 * * * *' as select 1").ok("CREATE JOB `j` SCHEDULE CRON '*/5 * * * *' AS SELECT 1");
        sql("create job j schedule every interval '1' hour as select 1").ok("CREATE JOB `j` SCHEDULE EVERY INTERVAL '1' HOUR AS SELECT 1");
        sql("create job j schedule on file arrival in 's3://bucket/in/*.csv' as select 1")
                .ok("CREATE JOB `j` SCHEDULE ON FILE ARRIVAL IN 's3://bucket/in/*.csv' AS SELECT 1");
        sql("create job j schedule manual as select 1").ok("CREATE JOB `j` SCHEDULE MANUAL AS SELECT 1");
        // Spark's unquoted interval becomes the same literal.
        sql("create job j schedule every interval 15 minutes timeout interval 2 hours as select 1")
                .ok("CREATE JOB `j` SCHEDULE EVERY INTERVAL '15' MINUTE TIMEOUT INTERVAL '2' HOUR AS SELECT 1");
        sql("create job j schedule every interval ^x^ hours as select 1").fails("(?s).*Encountered \"x\".*");
        sql("create job j schedule ^hourly^ as select 1").fails("(?s).*Encountered \"hourly\".*");
        sql("create job j schedule every ^'1 hour'^ as select 1").fails("(?s).*Encountered.*");
        sql("create job j schedule cron '0 * * * *' time zone ^as^ select 1").fails("(?s).*Encountered.*");
    }

    @Test
    void dependencies()
    {
        sql("create job j after a as select 1").ok("CREATE JOB `j` AFTER `a` AS SELECT 1");
        sql("create job j after a, db.b when all done as select 1").ok("CREATE JOB `j` AFTER `a`, `db`.`b` WHEN ALL DONE AS SELECT 1");
        sql("create job j after a when any succeeded as select 1").ok("CREATE JOB `j` AFTER `a` WHEN ANY SUCCEEDED AS SELECT 1");
        sql("create job j after a when any failed as select 1").ok("CREATE JOB `j` AFTER `a` WHEN ANY FAILED AS SELECT 1");
        sql("create job j after a when any ^done^ as select 1").fails("(?s).*Encountered \"done\".*");
    }

    @Test
    void retries()
    {
        sql("create job j retry 3 as select 1").ok("CREATE JOB `j` RETRY 3 TIMES AS SELECT 1");
        sql("create job j retry 2 delay interval '30' second backoff fixed as select 1")
                .ok("CREATE JOB `j` RETRY 2 TIMES DELAY INTERVAL '30' SECOND BACKOFF FIXED AS SELECT 1");
        sql("create job j retry 2 backoff exponential as select 1").ok("CREATE JOB `j` RETRY 2 TIMES BACKOFF EXPONENTIAL AS SELECT 1");
        sql("create job j retry ^many^ times as select 1").fails("(?s).*Encountered \"many\".*");
        sql("create job j retry 3 backoff fixed ^max^ interval '1' hour as select 1").fails("(?s).*Encountered \"max\".*");
    }

    @Test
    void slaConcurrencySuspend()
    {
        sql("create job j sla finish within interval '1' hour as select 1").ok("CREATE JOB `j` SLA FINISH WITHIN INTERVAL '1' HOUR AS SELECT 1");
        sql("create job j concurrency allow as select 1").ok("CREATE JOB `j` CONCURRENCY ALLOW AS SELECT 1");
        sql("create job j concurrency replace as select 1").ok("CREATE JOB `j` CONCURRENCY REPLACE AS SELECT 1");
        sql("create job j concurrency queue as select 1").ok("CREATE JOB `j` CONCURRENCY QUEUE AS SELECT 1");
        sql("create job j suspend after 3 failures as select 1").ok("CREATE JOB `j` SUSPEND AFTER 3 FAILURES AS SELECT 1");
        sql("create job j sla ^within^ interval '1' hour as select 1").fails("(?s).*Encountered \"within\".*");
        sql("create job j concurrency ^skip^ as select 1").fails("(?s).*Encountered \"skip\".*");
        sql("create job j suspend after 3 ^times^ as select 1").fails("(?s).*Encountered \"times\".*");
    }

    @Test
    void expectations()
    {
        sql("create job j constraint c expect (a > 0) on violation warn as select 1")
                .ok("CREATE JOB `j` CONSTRAINT `c` EXPECT (`a` > 0) ON VIOLATION WARN AS SELECT 1");
        sql("create job j constraint c expect (a > 0) on violation fail as select 1")
                .ok("CREATE JOB `j` CONSTRAINT `c` EXPECT (`a` > 0) ON VIOLATION FAIL AS SELECT 1");
        SqlCreateJob job = (SqlCreateJob) sql("create job j constraint c expect (a > 0) on violation quarantine into bad.quarantined as select 1")
                .ok("CREATE JOB `j` CONSTRAINT `c` EXPECT (`a` > 0) ON VIOLATION QUARANTINE INTO `bad`.`quarantined` AS SELECT 1");
        assertEquals("bad.quarantined", ((SqlExpectation) job.clauses().expectations().get(0)).quarantineTable().orElseThrow().toString());
        // A Spark-only condition (a lambda Calcite's grammar lacks here) keeps its text.
        SqlCreateJob spark = (SqlCreateJob) sql("create job j constraint c expect (exists(tags, t -> t = 'x')) as select 1")
                .ok("CREATE JOB `j` CONSTRAINT `c` EXPECT (exists(tags, t -> t = 'x')) AS SELECT 1");
        SqlEmbeddedStatement condition = ((SqlExpectation) spark.clauses().expectations().get(0)).condition();
        assertTrue(condition.parsed().isEmpty());
        assertEquals("exists(tags, t -> t = 'x')", condition.text());
        sql("create job j constraint c expect (^)^ as select 1").fails("(?s).*Encountered \"\\)\".*expecting: an expression.*");
        sql("create job j constraint c expect (a > 0) on violation ^ignore^ as select 1").fails("(?s).*Encountered \"ignore\".*");
    }

    @Test
    void notifications()
    {
        sql("create job j on success notify 'a' on success notify 'b' as select 1")
                .ok("CREATE JOB `j` ON SUCCESS NOTIFY 'a' ON SUCCESS NOTIFY 'b' AS SELECT 1");
        sql("create job j on ^retry^ notify 'a' as select 1").fails("(?s).*Encountered \"retry\".*");
    }

    @Test
    void duplicateClausesAreRefusedWhereTheSecondOneIs()
    {
        sql("create job j schedule manual ^schedule cron '* * * * *'^ as select 1").fails("Syntax error: Duplicate SCHEDULE clause.*");
        sql("create job j timeout interval '1' hour ^timeout interval '2' hour^ as select 1").fails("Syntax error: Duplicate TIMEOUT clause.*");
        sql("create job j sla max runtime interval '1' hour ^sla max runtime interval '2' hour^ as select 1")
                .fails("Syntax error: Duplicate SLA MAX RUNTIME clause.*");
    }

    @Test
    void bodies()
    {
        sql("create job j as merge into t using s on t.id = s.id when matched then update set v = s.v when not matched then insert (id, v) values (s.id, s.v)")
                .ok("CREATE JOB `j` AS MERGE INTO `t` USING `s` ON `t`.`id` = `s`.`id` WHEN MATCHED THEN UPDATE SET `v` = `s`.`v`"
                        + " WHEN NOT MATCHED THEN INSERT (`id`, `v`) VALUES (`s`.`id`, `s`.`v`)");
        sql("create job j as with x as (select 1 as a) select a from x")
                .ok("CREATE JOB `j` AS WITH `x` AS (SELECT 1 `a`) SELECT `a` FROM `x`");
        // CREATE TABLE ... AS: Calcite reads the query, Spark's table options stay text.
        SqlCreateJob ctas = (SqlCreateJob) sql("create job j as create table daily using delta partitioned by (d) as select * from s")
                .ok("CREATE JOB `j` AS CREATE TABLE `daily` using delta partitioned by (d) AS SELECT * FROM `s`");
        SqlEmbeddedStatement step = ctas.body().statements().get(0);
        SqlCreateTableAs table = assertInstanceOf(SqlCreateTableAs.class, step.parsed().orElseThrow());
        assertEquals("using delta partitioned by (d)", table.tableOptions().orElseThrow());
        assertEquals("create table daily using delta partitioned by (d) as select * from s", step.text());
        // Spark-only SQL that Calcite cannot read: kept exactly as written.
        SqlCreateJob spark = (SqlCreateJob) sql("create job j as select id, tag from events lateral view explode(tags) t as tag")
                .ok("CREATE JOB `j` AS select id, tag from events lateral view explode(tags) t as tag");
        assertTrue(spark.body().statements().get(0).parsed().isEmpty());
    }

    @Test
    void blockBodiesKeepEachStepsText()
    {
        String sql = "create job j as begin\n"
                + "  insert into t select * from s;\n"
                + "  insert overwrite table t2 select id, c from s lateral view explode(arr) x as c;\n"
                + "  select case when a then 1 else 2 end from t\n"
                + "end";
        SqlCreateJob job = (SqlCreateJob) sql(sql).ok("CREATE JOB `j` AS BEGIN INSERT INTO `t` SELECT * FROM `s`;"
                + " insert overwrite table t2 select id, c from s lateral view explode(arr) x as c;"
                + " SELECT CASE WHEN `a` THEN 1 ELSE 2 END FROM `t`; END");
        assertTrue(job.body().isBlock());
        assertEquals(3, job.body().statements().size());
        assertEquals("insert into t select * from s", job.body().statements().get(0).text());
        assertEquals("insert overwrite table t2 select id, c from s lateral view explode(arr) x as c", job.body().statements().get(1).text());
        assertTrue(job.body().statements().get(1).parsed().isEmpty());
        assertEquals("select case when a then 1 else 2 end from t", job.body().statements().get(2).text());
        assertEquals(3, job.body().statements().get(1).getParserPosition().getLineNum());
        assertEquals(3, job.body().statements().get(1).getParserPosition().getColumnNum());
        sql("create job j as begin select 1; select 2; end").ok("CREATE JOB `j` AS BEGIN SELECT 1; SELECT 2; END");
        sql("create job j as begin ^end^").fails("(?s).*Encountered \"end\".*expecting: a statement.*");
        sql("create job j as ^;^").fails("(?s).*Encountered \";\".*expecting: a statement.*");
    }

    @Test
    void createJobFailures()
    {
        sql("create job ^123^ as select 1").fails("(?s).*Encountered \"123\".*");
        sql("create job j ^select^ 1").fails("(?s).*Encountered \"select\".*");
        sql("create job j with (^spark^.master = 'local') as select 1").fails("(?s).*Encountered \"spark\".*");
        sql("create job j in ^etl^ as select 1").fails("(?s).*Encountered \"etl\".*");
        sql("create ^jobs^ j as select 1").fails("(?s).*Encountered \"jobs\".*");
    }

    @Test
    void alterJob()
    {
        assertEquals(SqlAlterJobState.Action.SUSPEND,
                ((SqlAlterJobState) sql("alter job j suspend").ok("ALTER JOB `j` SUSPEND")).action());
        sql("alter job Db.J resume").ok("ALTER JOB `Db`.`J` RESUME");
        SqlAlterJobSet set = (SqlAlterJobSet) sql("alter job j set schedule every interval '15' minute retry 1 in pool big")
                .ok("ALTER JOB `j` SET IN POOL `big` SCHEDULE EVERY INTERVAL '15' MINUTE RETRY 1 TIMES");
        assertTrue(set.clauses().comment().isEmpty());
        sql("alter job j set with ('spark.sql.shuffle.partitions' = '400')").ok("ALTER JOB `j` SET WITH ('spark.sql.shuffle.partitions' = '400')");
        assertEquals(SqlAlterJobUnset.Clause.SCHEDULE, ((SqlAlterJobUnset) sql("alter job j unset schedule").ok("ALTER JOB `j` UNSET SCHEDULE")).clause());
        sql("alter job j unset retry").ok("ALTER JOB `j` UNSET RETRY");
        sql("alter job j unset timeout").ok("ALTER JOB `j` UNSET TIMEOUT");
        sql("alter job j unset sla").ok("ALTER JOB `j` UNSET SLA");
        assertTrue(((SqlAlterJobDependencies) sql("alter job j add after a, b").ok("ALTER JOB `j` ADD AFTER `a`, `b`")).isAdd());
        assertFalse(((SqlAlterJobDependencies) sql("alter job j drop after a").ok("ALTER JOB `j` DROP AFTER `a`")).isAdd());
        assertEquals(2, ((SqlAlterJobAs) sql("alter job j as begin select 1; select 2 end").ok("ALTER JOB `j` AS BEGIN SELECT 1; SELECT 2; END"))
                .body().statements().size());
        sql("alter job j as insert into t select 1").ok("ALTER JOB `j` AS INSERT INTO `t` SELECT 1");
        assertEquals("k", ((SqlAlterJobRename) sql("alter job j rename to k").ok("ALTER JOB `j` RENAME TO `k`")).newName().toString());
        sql("alter job j ^frobnicate^").fails("(?s).*Encountered \"frobnicate\".*");
        sql("alter job j se^t^").fails("(?s).*Encountered \"<EOF>\" at line 1, column 15.*");
        sql("alter job j unset ^comment^").fails("(?s).*Encountered \"comment\".*");
        sql("alter job j rename ^j2^").fails("(?s).*Encountered \"j2\".*");
    }

    @Test
    void dropJob()
    {
        SqlDropJob drop = (SqlDropJob) sql("drop job j").ok("DROP JOB `j`");
        assertTrue(drop.behavior().isEmpty());
        sql("drop job if exists j restrict").ok("DROP JOB IF EXISTS `j` RESTRICT");
        assertEquals(SqlDropJob.Behavior.CASCADE, ((SqlDropJob) sql("drop job j cascade").ok("DROP JOB `j` CASCADE")).behavior().orElseThrow());
        sql("drop job j cascade ^restrict^").fails("(?s).*Encountered \"restrict\".*");
        sql("drop job ^'j'^").fails("(?s).*Encountered.*");
    }

    @Test
    void runJob()
    {
        SqlRunJob run = (SqlRunJob) sql("run job j").ok("RUN JOB `j`");
        assertFalse(run.isWait());
        sql("run job j with ('date' = '2024-01-01')").ok("RUN JOB `j` WITH ('date' = '2024-01-01')");
        run = (SqlRunJob) sql("run job j from timestamp '2024-01-01 00:00:00' to timestamp '2024-02-01 00:00:00' every interval '1' day")
                .ok("RUN JOB `j` FROM TIMESTAMP '2024-01-01 00:00:00' TO TIMESTAMP '2024-02-01 00:00:00' EVERY INTERVAL '1' DAY");
        assertTrue(run.backfillFrom().isPresent());
        sql("run job j retry last").ok("RUN JOB `j` RETRY LAST");
        sql("run job j sample 100 rows").ok("RUN JOB `j` SAMPLE 100 ROWS");
        sql("run job j wait").ok("RUN JOB `j` WAIT");
        run = (SqlRunJob) sql("run job j with ('p' = 'v') retry last sample 10 rows wait timeout interval '5' minute")
                .ok("RUN JOB `j` WITH ('p' = 'v') RETRY LAST SAMPLE 10 ROWS WAIT TIMEOUT INTERVAL '5' MINUTE");
        assertTrue(run.retryLast());
        assertTrue(run.waitTimeout().isPresent());
        sql("run job j from timestamp '2024-01-01 00:00:00' ^every^ interval '1' day").fails("(?s).*Encountered \"every\".*");
        sql("run job j sample 10 ^percent^").fails("(?s).*Encountered \"percent\".*");
        sql("run job j wait ^forever^").fails("(?s).*Encountered \"forever\".*");
    }

    @Test
    void cancel()
    {
        SqlCancelRun run = (SqlCancelRun) sql("cancel run 'run-42'").ok("CANCEL RUN 'run-42'");
        assertTrue(run.mode().isEmpty());
        assertEquals(SqlCancelMode.GRACEFULLY, ((SqlCancelRun) sql("cancel run 'run-42' gracefully").ok("CANCEL RUN 'run-42' GRACEFULLY")).mode().orElseThrow());
        sql("cancel job j").ok("CANCEL JOB `j`");
        assertEquals(SqlCancelMode.IMMEDIATELY, ((SqlCancelJob) sql("cancel job j immediately").ok("CANCEL JOB `j` IMMEDIATELY")).mode().orElseThrow());
        sql("cancel job j ^now^").fails("(?s).*Encountered \"now\".*");
        sql("cancel run ^;^").fails("(?s).*Encountered \";\".*");
    }
}
