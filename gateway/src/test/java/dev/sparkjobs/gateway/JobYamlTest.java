package dev.sparkjobs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.gateway.jobs.JobYaml;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.translate.Definitions;
import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import dev.sparkjobs.sql.parser.ddl.job.SqlCreateJob;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobYamlTest
{
    @Test
    void productSheetShape()
    {
        Job job = JobYaml.read("""
                name: orders_daily
                type: batch
                cluster:
                  executor: {instances: 10, cores: 4, memory: 8g}
                schedule: {type: cron, expression: "0 2 * * *", time_zone: Europe/Berlin}
                retry: {count: 2, delay: 30s, backoff: exponential, max_delay: 10m}
                timeout: 1h
                pipeline:
                  sources: [{name: raw, format: parquet, path: /data/orders}]
                  transformations: [{name: clean, sql: SELECT * FROM raw WHERE amount > 0}]
                  sinks: [{table: orders_clean, from: clean}]
                """);
        assertEquals("10", job.options().get("executor.instances"));
        assertEquals(new Schedule.Cron("0 2 * * *", Optional.of("Europe/Berlin")), job.schedule());
        assertEquals(Optional.of(Duration.ofHours(1)), job.timeout());
        assertEquals(List.of("CREATE OR REPLACE TEMPORARY VIEW raw USING parquet OPTIONS (path '/data/orders')",
                "CREATE OR REPLACE TEMPORARY VIEW clean AS SELECT * FROM raw WHERE amount > 0",
                "INSERT INTO orders_clean SELECT * FROM clean"), job.body());
    }

    @Test
    void writeThenReadGivesTheSameJob()
            throws Exception
    {
        Job job = Definitions.job((SqlCreateJob) ExtendedSqlParser.parse("""
                CREATE JOB j COMMENT 'c' WITH ('executor.memory' = '2g', 'spark.sql.shuffle.partitions' = '4')
                  SCHEDULE EVERY INTERVAL '15' MINUTE AFTER a, b WHEN ALL DONE
                  RETRY 3 TIMES DELAY INTERVAL '5' SECOND BACKOFF FIXED TIMEOUT INTERVAL '2' HOUR
                  SLA FINISH WITHIN INTERVAL '3' HOUR CONCURRENCY QUEUE SUSPEND AFTER 2 FAILURES
                  ON FAILURE NOTIFY 'https://h/x'
                AS BEGIN INSERT INTO t SELECT 1; SELECT 2; END"""));
        String yaml = JobYaml.write(job);
        assertEquals(job, JobYaml.read(yaml), yaml);
    }

    @Test
    void badFilesSayWhat()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobYaml.read("name: x\n")).getMessage().contains("pipeline"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JobYaml.read("name: x\ntimeout: soon\npipeline: {steps: [SELECT 1]}\n"))
                .getMessage().contains("soon"));
        assertTrue(assertThrows(RuntimeException.class, () -> JobYaml.read("name: x\nschedule: {type: cron, expression: '99 * * * *'}\npipeline: {steps: [SELECT 1]}\n"))
                .getMessage().toLowerCase().contains("cron"));
    }
}
