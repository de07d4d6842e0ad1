package dev.sparkjobs.sql.parser;

import static dev.sparkjobs.sql.parser.SqlFixture.sql;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

/** Every word the extended grammar adds is non-reserved: it still names columns, tables and aliases. */
class NonReservedKeywordsTest
{
    /** The words config.fmpp adds, plus STREAM, SYSTEM and VALUE (reserved in Calcite, non-reserved here). */
    static final List<String> ADDED = List.of(
            "ADVANCE", "ARRIVAL", "AVAILABLE", "BACKOFF", "CANCEL", "CHANGES", "CHECKPOINT", "COMMENT", "CONCURRENCY",
            "CRON", "DELAY", "DONE", "EARLIEST", "EMIT", "ENGINES", "EXPECT", "EXPONENTIAL", "EXTENDED", "FAIL", "FAILED",
            "FAILURE", "FAILURES", "FILE", "FINISH", "FIXED", "FORBID", "GAP", "GRACE", "GRACEFULLY", "HOPPING", "IF",
            "JOB", "JOBS", "KEEP", "LATE", "LATEST", "MANUAL", "MISS", "NOTIFY", "NOW", "PAUSE", "POOL", "POOLS",
            "PROCESSING", "QUARANTINE", "QUEUE", "RENAME", "RESUME", "RETRY", "RUN", "RUNS", "RUNTIME", "SAMPLE",
            "SCHEDULE", "SCHEDULED", "SLA", "STREAMS", "STRUCT", "SUCCEEDED", "SUCCESS", "SUSPEND", "TIMEOUT", "TIMES",
            "TUMBLING", "UNSET", "VIOLATION", "WAIT", "WARN", "WATERMARK", "STREAM", "SYSTEM", "VALUE");

    @Test
    void everyAddedWordIsAKeywordButNotReserved()
    {
        SqlAbstractParserImpl.Metadata metadata = SqlParser.create("", ExtendedSqlParser.CONFIG).getMetadata();
        for (String word : ADDED) {
            assertTrue(metadata.isKeyword(word), word + " is not a keyword");
            assertTrue(metadata.isNonReservedKeyword(word), word + " is reserved");
            assertFalse(metadata.isReservedWord(word), word + " is a reserved word");
        }
    }

    @Test
    void everyAddedWordStillNamesColumnsTablesAndAliases()
    {
        for (String word : ADDED) {
            String w = word.toLowerCase(Locale.ROOT);
            String q = "`" + w + "`";
            sql("select id, " + w + " from " + w + " where " + w + " = 1 group by " + w + " order by " + w)
                    .ok("SELECT `id`, " + q + " FROM " + q + " WHERE " + q + " = 1 GROUP BY " + q + " ORDER BY " + q);
            sql("select t." + w + ", " + w + "(1) as " + w + " from t as " + w)
                    .ok("SELECT `t`." + q + ", " + q + "(1) " + q + " FROM `t` " + q);
            sql("insert into " + w + " (" + w + ") values (1)").ok("INSERT INTO " + q + " (" + q + ") VALUES (1)");
            if (!word.equals("STREAM")) {
                // As the very first select item too (SELECT STREAM is Calcite syntax, see below).
                sql("select " + w + " from t").ok("SELECT " + q + " FROM `t`");
            }
        }
    }

    @Test
    void theColumnsTheIssueNames()
    {
        sql("select job, jobs, schedule, pool, run, window_start, window_end, stream from system.job_runs where job = 'a' and stream is null")
                .ok("SELECT `job`, `jobs`, `schedule`, `pool`, `run`, `window_start`, `window_end`, `stream` FROM `system`.`job_runs`"
                        + " WHERE `job` = 'a' AND `stream` IS NULL");
        sql("select * from system.jobs j join system.job_runs r on j.name = r.job")
                .ok("SELECT * FROM `system`.`jobs` `j` INNER JOIN `system`.`job_runs` `r` ON `j`.`name` = `r`.`job`");
        sql("create job job as select job, schedule from jobs").ok("CREATE JOB `job` AS SELECT `job`, `schedule` FROM `jobs`");
        sql("create stream stream window tumbling (size interval '1' minute) on window_start as select window_start, count(*) from stream group by window_start")
                .ok("CREATE STREAM `stream` WINDOW TUMBLING (SIZE INTERVAL '1' MINUTE) ON `window_start`"
                        + " AS SELECT `window_start`, COUNT(*) FROM `stream` GROUP BY `window_start`");
        sql("describe job job").ok("DESCRIBE JOB `job`");
        sql("run job run").ok("RUN JOB `run`");
        sql("create pool pool").ok("CREATE POOL `pool`");
    }

    @Test
    void streamAsTheFirstSelectItemNeedsBackticksOrAQualifier()
    {
        // Calcite reads SELECT STREAM as its streaming keyword. Such a statement still reaches Spark
        // unchanged through the front door; with backticks or a qualifier Calcite reads it too.
        sql("select `stream` from t").ok("SELECT `stream` FROM `t`");
        sql("select t.stream from t").ok("SELECT `t`.`stream` FROM `t`");
        sql("select stream ^from^ t").fails("(?s).*Encountered \"from\".*");
    }
}
