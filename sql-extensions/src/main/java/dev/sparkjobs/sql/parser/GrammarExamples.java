package dev.sparkjobs.sql.parser;

import java.util.List;

/**
 * The statements of GRAMMAR.md, every form at least once: the parser's fuzz corpus seeds from
 * them and the benchmarks time them. Each parses.
 */
public final class GrammarExamples
{
    private GrammarExamples() {}

    public static final List<String> STATEMENTS = List.of(
            "CREATE OR REPLACE JOB IF NOT EXISTS nightly COMMENT 'load' IN POOL etl WITH ('spark.executor.instances' = '10', 'executor.memory' = '8g')"
                    + " SCHEDULE CRON '0 2 * * *' TIME ZONE 'Europe/Berlin' AFTER job_a, job_b WHEN ALL SUCCEEDED"
                    + " RETRY 3 TIMES DELAY INTERVAL '5' MINUTE BACKOFF EXPONENTIAL MAX INTERVAL '1' HOUR TIMEOUT INTERVAL '2' HOUR"
                    + " SLA FINISH WITHIN INTERVAL '3' HOUR OF SCHEDULED TIME CONCURRENCY FORBID SUSPEND AFTER 5 FAILURES"
                    + " CONSTRAINT valid_id EXPECT (id IS NOT NULL) ON VIOLATION QUARANTINE INTO bad_rows"
                    + " ON SUCCESS NOTIFY 'https://webhook' ON SLA MISS NOTIFY 'https://late'"
                    + " AS INSERT INTO t SELECT * FROM s",
            "CREATE JOB j SCHEDULE EVERY INTERVAL '1' HOUR AS SELECT a, count(*) FROM t GROUP BY a",
            "CREATE JOB j SCHEDULE ON FILE ARRIVAL IN 's3://in/*.csv' AS MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v",
            "CREATE JOB j SCHEDULE MANUAL SLA MAX RUNTIME INTERVAL '1' HOUR CONCURRENCY QUEUE AS CREATE TABLE x USING delta AS SELECT 1",
            "CREATE JOB j AFTER a WHEN ANY FAILED RETRY 1 BACKOFF FIXED CONSTRAINT c EXPECT (a > 0) ON VIOLATION DROP ROW"
                    + " AS BEGIN INSERT INTO t SELECT 1; INSERT OVERWRITE TABLE u SELECT x FROM v LATERAL VIEW explode(arr) e AS x; END",
            "ALTER JOB j SUSPEND",
            "ALTER JOB j RESUME",
            "ALTER JOB j SET SCHEDULE CRON '0 3 * * *' RETRY 2 TIMES TIMEOUT INTERVAL '30' MINUTE",
            "ALTER JOB j UNSET SCHEDULE",
            "ALTER JOB j ADD AFTER a, b",
            "ALTER JOB j DROP AFTER a",
            "ALTER JOB j AS BEGIN SELECT 1; SELECT CASE WHEN a THEN 1 END FROM t END",
            "ALTER JOB j RENAME TO k",
            "DROP JOB IF EXISTS j RESTRICT",
            "RUN JOB j WITH ('param' = 'v') FROM TIMESTAMP '2024-01-01 00:00:00' TO TIMESTAMP '2024-02-01 00:00:00' EVERY INTERVAL '1' DAY"
                    + " RETRY LAST SAMPLE 100 ROWS WAIT TIMEOUT INTERVAL '10' MINUTE",
            "CANCEL RUN 'run-id' GRACEFULLY",
            "CANCEL JOB j IMMEDIATELY",
            "CREATE OR REPLACE STREAM IF NOT EXISTS clicks (user_id BIGINT, page STRING, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)"
                    + " WITH ('connector' = 'kafka', 'topic' = 'clicks', 'format' = 'json', 'kafka.bootstrap.servers' = 'b:9092')",
            "CREATE STREAM clicks_per_minute INTO sink IN POOL p WITH ('checkpoint.location' = '/chk')"
                    + " WINDOW TUMBLING (SIZE INTERVAL '1' MINUTE, GRACE PERIOD INTERVAL '10' SECOND) ON ts"
                    + " TRIGGER PROCESSING TIME INTERVAL '1' MINUTE EMIT FINAL LATE DATA INTO late RETRY 3 SLA MAX LAG INTERVAL '5' MINUTE"
                    + " AS SELECT window_start, window_end, page, COUNT(*) AS clicks FROM clicks GROUP BY page",
            "CREATE STREAM s WINDOW HOPPING (SIZE INTERVAL '5' MINUTE, ADVANCE BY INTERVAL '1' MINUTE) ON ts EMIT CHANGES AS SELECT * FROM t",
            "CREATE STREAM s WINDOW SESSION (GAP INTERVAL '30' MINUTE) ON ts TRIGGER AVAILABLE NOW LATE DATA DROP AS SELECT * FROM t",
            "CREATE STREAM s WINDOW TUMBLING (SIZE 1000 ROWS) AS SELECT count(*) FROM t",
            "CREATE STREAM s AS SELECT * FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))",
            "SELECT * FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))",
            "SELECT * FROM TABLE(SESSION(TABLE clicks PARTITION BY user_id, DESCRIPTOR(ts), INTERVAL '10' MINUTE))",
            "ALTER STREAM s PAUSE",
            "ALTER STREAM s RESTART FROM EARLIEST",
            "ALTER STREAM s AS SELECT page, count(*) FROM clicks GROUP BY page KEEP STATE",
            "ALTER STREAM s AS SELECT * FROM clicks RESET STATE",
            "DROP STREAM IF EXISTS s KEEP CHECKPOINT",
            "CREATE POOL p WITH ('share.level' = 'USER', 'min.engines' = '1', 'max.engines' = '8', 'engine.idle.timeout' = '30m')",
            "ALTER POOL p SET WITH ('max.engines' = '16')",
            "DROP POOL p",
            "SHOW JOBS LIKE 'a%'",
            "SHOW ENGINES",
            "SHOW RUNS FOR JOB j LIMIT 10",
            "SHOW CREATE STREAM s",
            "DESCRIBE JOB EXTENDED j",
            "DESC RUN 'run-id'",
            "EXPLAIN JOB j",
            "SELECT * FROM TABLE(job_result('job', 'LAST_SUCCESS'))");
}
