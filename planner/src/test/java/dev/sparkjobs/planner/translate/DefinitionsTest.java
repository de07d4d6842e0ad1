package dev.sparkjobs.planner.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.planner.model.Dependencies;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.sql.parser.GrammarExamples;
import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import dev.sparkjobs.sql.parser.ddl.job.SqlCreateJob;
import dev.sparkjobs.sql.parser.ddl.pool.SqlCreatePool;
import dev.sparkjobs.sql.parser.ddl.stream.SqlCreateStream;
import dev.sparkjobs.sql.parser.ddl.stream.SqlCreateStreamAs;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;

class DefinitionsTest
{
    @Test
    void jobClausesBecomeTheModel()
            throws Exception
    {
        Job job = Definitions.job((SqlCreateJob) ExtendedSqlParser.parse("""
                CREATE JOB nightly COMMENT 'n' WITH ('executor.memory' = '8g')
                  SCHEDULE CRON '0 2 * * *' TIME ZONE 'Europe/Berlin'
                  AFTER a, b WHEN ANY SUCCEEDED
                  RETRY 3 TIMES DELAY INTERVAL '10' SECOND BACKOFF EXPONENTIAL MAX INTERVAL '5' MINUTE
                  TIMEOUT INTERVAL '1' HOUR SLA MAX RUNTIME INTERVAL '30' MINUTE CONCURRENCY QUEUE SUSPEND AFTER 4 FAILURES
                  ON FAILURE NOTIFY 'https://x/y'
                AS BEGIN INSERT INTO t SELECT 1; SELECT 2; END"""));
        assertEquals("nightly", job.name());
        assertEquals(new Schedule.Cron("0 2 * * *", Optional.of("Europe/Berlin")), job.schedule());
        assertEquals(Dependencies.after(List.of("a", "b"), Dependencies.Condition.ANY_SUCCEEDED), job.dependencies());
        assertEquals(Retry.exponential(3, Duration.ofSeconds(10), Duration.ofMinutes(5)), job.retry());
        assertEquals(Optional.of(Duration.ofHours(1)), job.timeout());
        assertEquals(Optional.of(Duration.ofMinutes(30)), job.sla().maxRuntime());
        assertEquals(4, job.suspendAfterFailures().getAsInt());
        assertEquals(List.of("INSERT INTO t SELECT 1", "SELECT 2"), job.body());
    }

    @Test
    void validationErrorsPointAtTheClause()
            throws Exception
    {
        PlanningException cron = assertThrows(PlanningException.class,
                () -> Definitions.job((SqlCreateJob) ExtendedSqlParser.parse("CREATE JOB j\n  SCHEDULE CRON '61 * * * *'\nAS SELECT 1")));
        assertEquals("22023", cron.sqlState());
        assertEquals(2, cron.line());
        assertEquals(3, cron.column());
        PlanningException option = assertThrows(PlanningException.class,
                () -> Definitions.job((SqlCreateJob) ExtendedSqlParser.parse("CREATE JOB j WITH ('executor.cores' = '2',\n 'executor.memroy' = '4g') AS SELECT 1")));
        assertEquals(2, option.line(), option.getMessage());
        assertTrue(option.getMessage().contains("executor.memory"), option.getMessage());
        PlanningException self = assertThrows(PlanningException.class,
                () -> Definitions.job((SqlCreateJob) ExtendedSqlParser.parse("CREATE JOB j AFTER j AS SELECT 1")));
        assertEquals("42P17", self.sqlState(), self.getMessage());
        PlanningException year = assertThrows(PlanningException.class,
                () -> Definitions.job((SqlCreateJob) ExtendedSqlParser.parse("CREATE JOB j TIMEOUT INTERVAL '1' YEAR AS SELECT 1")));
        assertEquals("22023", year.sqlState());
    }

    @Test
    void streamsWithWindowsAndWatermarks()
            throws Exception
    {
        Stream source = Definitions.stream((SqlCreateStream) ExtendedSqlParser.parse(
                "CREATE STREAM clicks (user_id BIGINT, page STRING, ts TIMESTAMP, WATERMARK FOR ts AS ts - INTERVAL '10' SECOND) "
                        + "WITH ('connector' = 'kafka', 'topic' = 'clicks', 'format' = 'json', 'kafka.bootstrap.servers' = 'k:9092')"));
        Stream query = Definitions.stream((SqlCreateStreamAs) ExtendedSqlParser.parse(
                "CREATE STREAM per_minute INTO sink WINDOW HOPPING (SIZE INTERVAL '1' MINUTE, ADVANCE BY INTERVAL '30' SECOND) ON ts "
                        + "EMIT FINAL LATE DATA INTO late_clicks AS SELECT window_start, page, COUNT(*) AS n FROM clicks GROUP BY window_start, page"),
                name -> name.equalsIgnoreCase("clicks") ? Optional.of(source) : Optional.empty());
        StreamQuery definition = (StreamQuery) query.definition();
        assertEquals(List.of("clicks"), definition.inputs());
        assertEquals(new Window.Hopping(Duration.ofMinutes(1), Duration.ofSeconds(30), Optional.empty()), definition.window().orElseThrow().window());
        assertEquals(Optional.of("late_clicks"), definition.lateData().table());
        PlanningException noWatermark = assertThrows(PlanningException.class, () -> Definitions.stream((SqlCreateStreamAs) ExtendedSqlParser.parse(
                "CREATE STREAM s EMIT FINAL AS SELECT page, COUNT(*) FROM plain GROUP BY page"), name -> Optional.empty()));
        assertTrue(noWatermark.getMessage().contains("EMIT FINAL"), noWatermark.getMessage());
    }

    /** Every CREATE of GRAMMAR.md that the planner accepts writes back as SQL that gives the same model. */
    @Test
    void definitionSqlRoundTrips()
            throws Exception
    {
        int checked = 0;
        for (String example : GrammarExamples.STATEMENTS) {
            SqlNode node = ExtendedSqlParser.parse(example);
            try {
                if (node instanceof SqlCreateJob create) {
                    Job job = Definitions.job(create);
                    assertEquals(job, Definitions.job((SqlCreateJob) ExtendedSqlParser.parse(DefinitionSql.job(job))), example);
                    checked++;
                }
                else if (node instanceof SqlCreatePool create) {
                    Pool pool = Definitions.pool(create);
                    assertEquals(pool, Definitions.pool((SqlCreatePool) ExtendedSqlParser.parse(DefinitionSql.pool(pool))), example);
                    checked++;
                }
                else if (node instanceof SqlCreateStream create) {
                    Stream stream = Definitions.stream(create);
                    assertEquals(stream, Definitions.stream((SqlCreateStream) ExtendedSqlParser.parse(DefinitionSql.stream(stream))), example);
                    checked++;
                }
            }
            catch (PlanningException e) {
                // an example that is valid syntax but not a valid definition on its own
            }
        }
        assertTrue(checked >= 3, "round-tripped " + checked);
    }
}
