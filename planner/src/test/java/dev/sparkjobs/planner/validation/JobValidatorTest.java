package dev.sparkjobs.planner.validation;

import static dev.sparkjobs.planner.validation.Errors.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkjobs.planner.model.ConcurrencyPolicy;
import dev.sparkjobs.planner.model.Dependencies.Condition;
import dev.sparkjobs.planner.model.Expectation;
import dev.sparkjobs.planner.model.Expectation.OnViolation;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Notification;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.model.Sla;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobValidatorTest
{
    private static Job.Builder job()
    {
        return Job.builder("nightly").statement("INSERT INTO t SELECT * FROM s");
    }

    @Test
    void aFullJobPasses()
    {
        Job job = job()
                .comment("loads t").pool("etl")
                .option("executor.instances", "10").option("spark.sql.shuffle.partitions", "64")
                .schedule(new Schedule.Cron("0 2 * * *", Optional.of("Europe/Berlin")))
                .after(Condition.ALL_SUCCEEDED, "a", "b")
                .retry(Retry.exponential(3, Duration.ofMinutes(1), Duration.ofMinutes(10)))
                .timeout(Duration.ofHours(2))
                .sla(new Sla(Optional.of(Duration.ofHours(3)), Optional.of(Duration.ofHours(1))))
                .concurrency(ConcurrencyPolicy.FORBID)
                .suspendAfterFailures(3)
                .expect(new Expectation("positive", "amount > 0", OnViolation.QUARANTINE, Optional.of("bad_rows")))
                .expect(Expectation.of("id_present", "id IS NOT NULL", OnViolation.DROP_ROW))
                .notify(new Notification(Notification.Event.SLA_MISS, "https://hooks.example.com/x"))
                .build();
        assertEquals(job, JobValidator.validate(job));
        JobValidator.validate(job().schedule(new Schedule.Every(Duration.ofHours(1))).build());
        JobValidator.validate(job().schedule(new Schedule.FileArrival("/landing/*.csv")).build());
        JobValidator.validate(job().schedule(new Schedule.Cron("0 0 2 ? * MON-FRI", Optional.empty())).build());
    }

    @Test
    void names()
    {
        assertFails(ModelError.INVALID_NAME, "CREATE JOB", () -> JobValidator.validate(Job.builder(" ").statement("SELECT 1").build()));
        assertFails(ModelError.INVALID_NAME, "IN POOL", () -> JobValidator.validate(job().pool("").build()));
    }

    @Test
    void options()
    {
        assertFails(ModelError.UNKNOWN_OPTION, "WITH 'executor.memroy'", () -> JobValidator.validate(job().option("executor.memroy", "8g").build()), "executor.memory");
    }

    @Test
    void cronAndTimeZone()
    {
        ModelException e = assertFails(ModelError.INVALID_SCHEDULE, "SCHEDULE CRON '0 2 * *'",
                () -> JobValidator.validate(job().schedule(new Schedule.Cron("0 2 * *", Optional.empty())).build()), "job nightly", "found 4");
        assertEquals("22023", e.sqlState());
        assertFails(ModelError.INVALID_SCHEDULE, "SCHEDULE CRON '0 61 * * *'",
                () -> JobValidator.validate(job().schedule(new Schedule.Cron("0 61 * * *", Optional.empty())).build()), "invalid cron expression");
        assertFails(ModelError.INVALID_SCHEDULE, "SCHEDULE CRON TIME ZONE",
                () -> JobValidator.validate(job().schedule(new Schedule.Cron("0 2 * * *", Optional.of("Mars/Olympus"))).build()), "Mars/Olympus");
        assertFails(ModelError.INVALID_SCHEDULE, "SCHEDULE CRON '0 0 0 30 2 ? 2020'",
                () -> JobValidator.validate(job().schedule(new Schedule.Cron("0 0 0 30 2 ? 2020", Optional.empty())).build()), "never fires");
    }

    @Test
    void intervalsArePositive()
    {
        assertFails(ModelError.INVALID_INTERVAL, "SCHEDULE EVERY", () -> JobValidator.validate(job().schedule(new Schedule.Every(Duration.ZERO)).build()));
        assertFails(ModelError.INVALID_INTERVAL, "SCHEDULE EVERY", () -> JobValidator.validate(job().schedule(new Schedule.Every(Duration.ofMillis(10))).build()), "1 second");
        assertFails(ModelError.INVALID_INTERVAL, "TIMEOUT", () -> JobValidator.validate(job().timeout(Duration.ofMinutes(-1)).build()));
        assertFails(ModelError.INVALID_INTERVAL, "SLA FINISH WITHIN", () -> JobValidator.validate(job().sla(new Sla(Optional.of(Duration.ZERO), Optional.empty())).build()));
        assertFails(ModelError.INVALID_INTERVAL, "SLA MAX RUNTIME", () -> JobValidator.validate(job().sla(new Sla(Optional.empty(), Optional.of(Duration.ZERO))).build()));
        assertFails(ModelError.INVALID_INTERVAL, "RETRY DELAY", () -> JobValidator.validate(job().retry(Retry.fixed(2, Duration.ZERO)).build()));
        assertFails(ModelError.INVALID_INTERVAL, "RETRY", () -> JobValidator.validate(job().retry(new Retry(-1, Optional.empty(), Retry.Backoff.FIXED, Optional.empty())).build()));
        assertFails(ModelError.INVALID_INTERVAL, "SUSPEND AFTER", () -> JobValidator.validate(job().suspendAfterFailures(0).build()));
        assertFails(ModelError.INVALID_SCHEDULE, "SCHEDULE ON FILE ARRIVAL", () -> JobValidator.validate(job().schedule(new Schedule.FileArrival(" ")).build()));
    }

    @Test
    void backoff()
    {
        assertFails(ModelError.INVALID_DEFINITION, "RETRY BACKOFF MAX",
                () -> JobValidator.validate(job().retry(new Retry(3, Optional.of(Duration.ofMinutes(1)), Retry.Backoff.FIXED, Optional.of(Duration.ofMinutes(5)))).build()), "EXPONENTIAL");
        assertFails(ModelError.INVALID_DEFINITION, "RETRY BACKOFF MAX",
                () -> JobValidator.validate(job().retry(Retry.exponential(3, Duration.ofMinutes(10), Duration.ofMinutes(5))).build()), "at least the DELAY");
        assertFails(ModelError.INVALID_DEFINITION, "RETRY BACKOFF EXPONENTIAL",
                () -> JobValidator.validate(job().retry(new Retry(3, Optional.empty(), Retry.Backoff.EXPONENTIAL, Optional.empty())).build()));
    }

    @Test
    void selfAndDuplicateDependencies()
    {
        assertFails(ModelError.DEPENDENCY_CYCLE, "AFTER Nightly", () -> JobValidator.validate(job().after(Condition.ALL_DONE, "Nightly").build()), "itself");
        assertFails(ModelError.INVALID_DEFINITION, "AFTER A", () -> JobValidator.validate(job().after(Condition.ALL_DONE, "a", "A").build()), "twice");
    }

    @Test
    void expectations()
    {
        assertFails(ModelError.INVALID_DEFINITION, "CONSTRAINT c ON VIOLATION",
                () -> JobValidator.validate(job().expect(Expectation.of("c", "x > 0", OnViolation.QUARANTINE)).build()), "INTO table");
        assertFails(ModelError.INVALID_DEFINITION, "CONSTRAINT c ON VIOLATION",
                () -> JobValidator.validate(job().expect(new Expectation("c", "x > 0", OnViolation.WARN, Optional.of("t"))).build()), "only QUARANTINE");
        assertFails(ModelError.INVALID_DEFINITION, "CONSTRAINT C",
                () -> JobValidator.validate(job().expect(Expectation.of("c", "x > 0", OnViolation.WARN)).expect(Expectation.of("C", "y > 0", OnViolation.FAIL)).build()), "twice");
        assertFails(ModelError.INVALID_DEFINITION, "CONSTRAINT c EXPECT",
                () -> JobValidator.validate(job().expect(Expectation.of("c", " ", OnViolation.WARN)).build()), "condition");
    }

    @Test
    void webhooksAreHttpUrls()
    {
        assertFails(ModelError.INVALID_OPTION_VALUE, "ON FAILURE NOTIFY",
                () -> JobValidator.validate(job().notify(new Notification(Notification.Event.FAILURE, "ftp://x/y")).build()), "not an http or https URL");
        assertFails(ModelError.INVALID_OPTION_VALUE, "ON SLA MISS NOTIFY",
                () -> JobValidator.validate(job().notify(new Notification(Notification.Event.SLA_MISS, "not a url")).build()));
    }

    @Test
    void body()
    {
        assertFails(ModelError.INVALID_DEFINITION, "AS", () -> JobValidator.validate(Job.builder("j").build()), "at least one statement");
        assertFails(ModelError.INVALID_DEFINITION, "AS", () -> JobValidator.validate(job().statement("  ").build()), "statement 2");
    }
}
