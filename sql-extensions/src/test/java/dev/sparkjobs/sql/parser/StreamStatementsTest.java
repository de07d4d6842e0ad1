package dev.sparkjobs.sql.parser;

import static dev.sparkjobs.sql.parser.SqlFixture.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.sql.parser.ddl.stream.SqlAlterStreamAs;
import dev.sparkjobs.sql.parser.ddl.stream.SqlAlterStreamRestart;
import dev.sparkjobs.sql.parser.ddl.stream.SqlAlterStreamState;
import dev.sparkjobs.sql.parser.ddl.stream.SqlCreateStream;
import dev.sparkjobs.sql.parser.ddl.stream.SqlCreateStreamAs;
import dev.sparkjobs.sql.parser.ddl.stream.SqlDropStream;
import dev.sparkjobs.sql.parser.ddl.stream.SqlStreamClauses;
import dev.sparkjobs.sql.parser.ddl.stream.SqlStreamTrigger;
import dev.sparkjobs.sql.parser.ddl.stream.SqlStreamWindow;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;

/** CREATE (source and query forms) / ALTER / DROP STREAM, windows of both kinds. */
class StreamStatementsTest
{
    @Test
    void sourceStream()
    {
        SqlCreateStream stream = (SqlCreateStream) sql("create or replace stream if not exists clicks ("
                + "user_id bigint, page string, ts timestamp,"
                + " watermark for ts as ts - interval '10' second)"
                + " with ('connector' = 'kafka', 'topic' = 'clicks', 'format' = 'json', 'kafka.bootstrap.servers' = 'b:9092')")
                .ok("CREATE OR REPLACE STREAM IF NOT EXISTS `clicks` (`user_id` BIGINT, `page` `string`, `ts` TIMESTAMP,"
                        + " WATERMARK FOR `ts` AS `ts` - INTERVAL '10' SECOND)"
                        + " WITH ('connector' = 'kafka', 'topic' = 'clicks', 'format' = 'json', 'kafka.bootstrap.servers' = 'b:9092')");
        assertEquals(3, stream.columns().size());
        assertEquals("ts", stream.watermark().orElseThrow().column().toString());
        assertEquals(4, stream.options().size());
    }

    @Test
    void sourceStreamColumnTypes()
    {
        sql("create stream s (a int not null, tags array<string>, m map<string, int>, p struct<x: double, y double>, d decimal(10, 2))"
                + " with ('connector' = 'rate')")
                .ok("CREATE STREAM `s` (`a` INTEGER NOT NULL, `tags` `string` ARRAY, `m` MAP< `string`, INTEGER >,"
                        + " `p` ROW(`x` DOUBLE, `y` DOUBLE), `d` DECIMAL(10, 2)) WITH ('connector' = 'rate')");
        // A column may be called watermark.
        sql("create stream s (watermark timestamp) with ('connector' = 'rate')")
                .ok("CREATE STREAM `s` (`watermark` TIMESTAMP) WITH ('connector' = 'rate')");
    }

    @Test
    void sourceStreamFailures()
    {
        sql("create stream s (a int) ^as^ select 1").fails("(?s).*Encountered \"as\".*");
        sql("create stream s (a int, watermark for a as a, ^watermark for a as a^) with ('c' = 'x')")
                .fails("Syntax error: Duplicate WATERMARK.*");
        sql("create stream s (a ^,^ b int) with ('c' = 'x')").fails("(?s).*Encountered \",\".*");
    }

    @Test
    void queryStreamWithEveryClause()
    {
        SqlCreateStreamAs stream = (SqlCreateStreamAs) sql("create stream clicks_per_minute"
                + " into sinks.cpm in pool streaming with ('checkpoint.location' = '/chk/cpm')"
                + " window tumbling (size interval '1' minute, grace period interval '10' second) on ts"
                + " trigger processing time interval '30' second emit final late data into late_clicks"
                + " retry 5 delay interval '10' second sla max lag interval '2' minute"
                + " as select window_start, window_end, page, count(*) as clicks from clicks group by page")
                .ok("CREATE STREAM `clicks_per_minute` INTO `sinks`.`cpm` IN POOL `streaming` WITH ('checkpoint.location' = '/chk/cpm')"
                        + " WINDOW TUMBLING (SIZE INTERVAL '1' MINUTE, GRACE PERIOD INTERVAL '10' SECOND) ON `ts`"
                        + " TRIGGER PROCESSING TIME INTERVAL '30' SECOND EMIT FINAL LATE DATA INTO `late_clicks`"
                        + " RETRY 5 TIMES DELAY INTERVAL '10' SECOND SLA MAX LAG INTERVAL '2' MINUTE"
                        + " AS SELECT `window_start`, `window_end`, `page`, COUNT(*) `clicks` FROM `clicks` GROUP BY `page`");
        SqlStreamClauses clauses = stream.clauses();
        assertEquals(SqlStreamWindow.Kind.TUMBLING, clauses.window().orElseThrow().kind());
        assertFalse(clauses.window().orElseThrow().isCountBased());
        assertEquals(SqlStreamTrigger.Kind.PROCESSING_TIME, clauses.trigger().orElseThrow().kind());
        assertEquals(SqlStreamClauses.Emit.FINAL, clauses.emit().orElseThrow());
        assertTrue(clauses.hasLateData());
        assertInstanceOf(SqlSelect.class, stream.query().parsed().orElseThrow());
    }

    @Test
    void windows()
    {
        sql("create stream s window hopping (size interval '5' minute, advance by interval '1' minute) on ts as select 1")
                .ok("CREATE STREAM `s` WINDOW HOPPING (SIZE INTERVAL '5' MINUTE, ADVANCE BY INTERVAL '1' MINUTE) ON `ts` AS SELECT 1");
        sql("create stream s window session (gap interval '30' minute, grace period interval '1' minute) on ts as select 1")
                .ok("CREATE STREAM `s` WINDOW SESSION (GAP INTERVAL '30' MINUTE, GRACE PERIOD INTERVAL '1' MINUTE) ON `ts` AS SELECT 1");
        SqlCreateStreamAs counted = (SqlCreateStreamAs) sql("create stream s window tumbling (size 1000 rows) as select count(*) from t")
                .ok("CREATE STREAM `s` WINDOW TUMBLING (SIZE 1000 ROWS) AS SELECT COUNT(*) FROM `t`");
        assertTrue(counted.clauses().window().orElseThrow().isCountBased());
        sql("create stream s window tumbling (size interval 5 minutes) on ts as select 1")
                .ok("CREATE STREAM `s` WINDOW TUMBLING (SIZE INTERVAL '5' MINUTE) ON `ts` AS SELECT 1");
        sql("create stream s window hopping (size 100 rows, advance by 10 rows) as select 1")
                .ok("CREATE STREAM `s` WINDOW HOPPING (SIZE 100 ROWS, ADVANCE BY 10 ROWS) AS SELECT 1");
        sql("create stream s window tumbling (size interval '1' minute) on ts emit changes late data drop trigger available now as select 1")
                .ok("CREATE STREAM `s` WINDOW TUMBLING (SIZE INTERVAL '1' MINUTE) ON `ts` TRIGGER AVAILABLE NOW EMIT CHANGES LATE DATA DROP AS SELECT 1");
        sql("create stream s window hopping (size interval '5' minute^)^ on ts as select 1").fails("(?s).*Encountered \"\\)\".*");
        sql("create stream s window session (^size^ interval '5' minute) as select 1").fails("(?s).*Encountered \"size\".*");
        sql("create stream s window tumbling (size 1000^)^ as select 1").fails("(?s).*Encountered \"\\)\".*");
    }

    @Test
    void windowTableFunctions()
    {
        sql("create stream s as select window_start, window_end, count(*) from table(tumble(table clicks, descriptor(ts), interval '1' minute))"
                + " group by window_start, window_end")
                .ok("CREATE STREAM `s` AS SELECT `window_start`, `window_end`, COUNT(*)"
                        + " FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE)) GROUP BY `window_start`, `window_end`");
        sql("select * from table(hop(table clicks, descriptor(ts), interval '1' minute, interval '5' minute))")
                .ok("SELECT * FROM TABLE(HOP(TABLE `clicks`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))");
        sql("select * from table(session(table clicks partition by user_id, descriptor(ts), interval '10' minute))")
                .ok("SELECT * FROM TABLE(SESSION(TABLE `clicks` PARTITION BY `user_id`, DESCRIPTOR(`ts`), INTERVAL '10' MINUTE))");
    }

    @Test
    void queryStreamFailures()
    {
        sql("create stream s emit ^all^ as select 1").fails("(?s).*Encountered \"all\".*");
        sql("create stream s late data ^keep^ as select 1").fails("(?s).*Encountered \"keep\".*");
        sql("create stream s trigger ^once^ as select 1").fails("(?s).*Encountered \"once\".*");
        sql("create stream s ^sla max runtime interval '1' hour^ as select 1").fails("Syntax error: A stream's SLA is MAX LAG.*");
        sql("create stream s emit final ^emit changes^ as select 1").fails("Syntax error: Duplicate EMIT clause.*");
    }

    @Test
    void alterStream()
    {
        assertEquals(SqlAlterStreamState.Action.PAUSE, ((SqlAlterStreamState) sql("alter stream s pause").ok("ALTER STREAM `s` PAUSE")).action());
        sql("alter stream s resume").ok("ALTER STREAM `s` RESUME");
        assertTrue(((SqlAlterStreamRestart) sql("alter stream s restart").ok("ALTER STREAM `s` RESTART")).from().isEmpty());
        sql("alter stream s restart from earliest").ok("ALTER STREAM `s` RESTART FROM EARLIEST");
        sql("alter stream s restart from latest").ok("ALTER STREAM `s` RESTART FROM LATEST");
        sql("alter stream s restart from checkpoint").ok("ALTER STREAM `s` RESTART FROM CHECKPOINT");
        SqlAlterStreamAs keep = (SqlAlterStreamAs) sql("alter stream s as select page, count(*) from clicks group by page keep state")
                .ok("ALTER STREAM `s` AS SELECT `page`, COUNT(*) FROM `clicks` GROUP BY `page` KEEP STATE");
        assertTrue(keep.keepState());
        assertTrue(keep.query().parsed().isPresent());
        SqlAlterStreamAs reset = (SqlAlterStreamAs) sql("alter stream s as select * from clicks reset state")
                .ok("ALTER STREAM `s` AS SELECT * FROM `clicks` RESET STATE");
        assertFalse(reset.keepState());
        sql("alter stream s restart from ^now^").fails("(?s).*Encountered \"now\".*");
        sql("alter stream s as select * from clicks^;^").fails("(?s).*Encountered \";\".*");
        sql("alter stream s ^stop^").fails("(?s).*Encountered \"stop\".*");
    }

    @Test
    void dropStream()
    {
        assertFalse(((SqlDropStream) sql("drop stream s").ok("DROP STREAM `s`")).keepCheckpoint());
        assertTrue(((SqlDropStream) sql("drop stream if exists s keep checkpoint").ok("DROP STREAM IF EXISTS `s` KEEP CHECKPOINT")).keepCheckpoint());
        sql("drop stream s keep ^state^").fails("(?s).*Encountered \"state\".*");
    }
}
