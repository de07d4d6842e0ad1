package dev.sparkjobs.gateway.metastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs and attempts: the state machine, phase timestamps, retries, and racing writers. */
abstract class RunStoreContract
        extends MetastoreContract
{
    private static final Instant T0 = Instant.parse("2025-03-01T02:00:00.123Z");

    @BeforeEach
    void createJob()
    {
        metadata.jobs().create(job("nightly"), "CREATE JOB nightly ...", ADA);
    }

    private Run newRun()
    {
        return metadata.runs().create(new NewRun("NIGHTLY", TriggerKind.SCHEDULE, Optional.of(Instant.parse("2025-03-01T00:00:00Z")), Optional.of(T0),
                Map.of("region", "eu"), Optional.empty()));
    }

    @Test
    void aRunGoesThroughItsPhases()
    {
        Run run = newRun();
        assertEquals(RunState.PENDING, run.state());
        assertEquals(0, run.attempt());
        assertEquals("nightly", run.jobName());
        assertEquals(1, run.jobVersion());
        assertEquals(TriggerKind.SCHEDULE, run.trigger());
        assertEquals(Optional.of(Instant.parse("2025-03-01T00:00:00Z")), run.logicalDate());
        assertEquals(Optional.of(T0), run.scheduledAt());

        RunRepository runs = metadata.runs();
        Run queued = runs.transition(run.runId(), RunState.QUEUED, T0.plusSeconds(1), RunOutcome.NONE);
        assertEquals(1, queued.attempt());
        assertEquals(Optional.of(T0.plusSeconds(1)), queued.queuedAt());
        runs.transition(run.runId(), RunState.ACQUIRING_ENGINE, T0.plusSeconds(2), RunOutcome.NONE);
        runs.recordEngine(run.runId(), "local-1740794403000", Optional.of("http://127.0.0.1:4040"), T0.plusSeconds(5));
        Run running = runs.transition(run.runId(), RunState.RUNNING, T0.plusSeconds(6), RunOutcome.NONE);
        assertEquals(Optional.of(T0.plusSeconds(5)), running.engineAcquiredAt());
        assertEquals(Optional.of(T0.plusSeconds(6)), running.startedAt());
        runs.recordLogLocation(run.runId(), "data/logs/runs/" + run.runId() + "/driver.log");
        Run done = runs.transition(run.runId(), RunState.SUCCEEDED, T0.plusSeconds(66), RunOutcome.written(1_000, 65_536));

        assertEquals(RunState.SUCCEEDED, done.state());
        assertEquals(Optional.of(T0.plusSeconds(66)), done.finishedAt());
        assertEquals(OptionalLong.of(60_000), done.durationMillis());
        assertEquals(OptionalLong.of(1_000), done.rowsWritten());
        assertEquals(OptionalLong.of(65_536), done.bytesWritten());
        assertEquals(Optional.of("local-1740794403000"), done.sparkAppId());
        assertEquals(Optional.of("http://127.0.0.1:4040"), done.sparkUiUrl());
        assertEquals(Optional.of("data/logs/runs/" + run.runId() + "/driver.log"), done.logLocation());
        assertEquals(Optional.empty(), done.errorClass());
        assertEquals(done, runs.find(run.runId()).orElseThrow());

        List<RunAttempt> attempts = runs.attempts(run.runId());
        assertEquals(1, attempts.size());
        RunAttempt attempt = attempts.get(0);
        assertEquals(RunState.SUCCEEDED, attempt.state());
        assertEquals(T0.plusSeconds(1), attempt.queuedAt());
        assertEquals(Optional.of(T0.plusSeconds(5)), attempt.engineAcquiredAt());
        assertEquals(Optional.of(T0.plusSeconds(66)), attempt.finishedAt());
        assertEquals(OptionalLong.of(1_000), attempt.rowsWritten());
        assertEquals(done.logLocation(), attempt.logLocation());
    }

    @Test
    void theStateMachineAllowsItsMovesAndRefusesEveryOther()
    {
        int checked = 0;
        for (RunState from : RunState.values()) {
            for (RunState to : RunState.values()) {
                Run run = reach(from);
                boolean legal = from.canMoveTo(to);
                if (to == RunState.QUEUED && legal && from != RunState.PENDING) {
                    Run retried = metadata.runs().retry(run.runId(), RunState.FAILED, T0.plusSeconds(100), RunOutcome.error("X", "x"));
                    assertEquals(RunState.QUEUED, retried.state());
                }
                else if (legal) {
                    assertEquals(to, metadata.runs().transition(run.runId(), to, T0.plusSeconds(100), RunOutcome.NONE).state(), from + " -> " + to);
                }
                else {
                    MetastoreException e = assertThrows(MetastoreException.class,
                            () -> metadata.runs().transition(run.runId(), to, T0.plusSeconds(100), RunOutcome.NONE), from + " -> " + to);
                    assertEquals(MetastoreError.ILLEGAL_TRANSITION, e.error());
                    assertEquals("55000", e.sqlState());
                    assertEquals(from, metadata.runs().find(run.runId()).orElseThrow().state(), "a refused move changes nothing");
                }
                checked++;
            }
        }
        assertEquals(100, checked);
        Run succeeded = reach(RunState.SUCCEEDED);
        MetastoreException e = assertThrows(MetastoreException.class,
                () -> metadata.runs().transition(succeeded.runId(), RunState.RUNNING, T0, RunOutcome.NONE));
        assertTrue(e.getMessage().contains("is SUCCEEDED and cannot become RUNNING: it is finished"), e.getMessage());
    }

    /** A fresh run brought to {@code state} along the shortest legal path. */
    private Run reach(RunState state)
    {
        Run run = newRun();
        List<RunState> path = switch (state) {
            case PENDING -> List.of();
            case QUEUED -> List.of(RunState.QUEUED);
            case ACQUIRING_ENGINE -> List.of(RunState.QUEUED, RunState.ACQUIRING_ENGINE);
            case RUNNING -> List.of(RunState.QUEUED, RunState.ACQUIRING_ENGINE, RunState.RUNNING);
            case SUCCEEDED, FAILED, TIMED_OUT -> List.of(RunState.QUEUED, RunState.ACQUIRING_ENGINE, RunState.RUNNING, state);
            case CANCELLED, SKIPPED, UPSTREAM_FAILED -> List.of(state);
        };
        Instant at = T0;
        for (RunState step : path) {
            at = at.plusSeconds(1);
            run = metadata.runs().transition(run.runId(), step, at, RunOutcome.NONE);
        }
        assertEquals(state, run.state());
        return run;
    }

    @Test
    void sparkMetricsAndExpectationsArePerAttempt()
            throws Exception
    {
        Run run = reach(RunState.RUNNING);
        RunRepository runs = metadata.runs();
        assertEquals(Optional.empty(), run.metrics());
        runs.recordMetrics(run.runId(), new RunMetrics(3, 12, 4_500, 1_048_576, 65_536), Optional.of("http://127.0.0.1:4040/jobs/job/?id=7"));
        runs.recordExpectations(run.runId(), "positive: 2 violating rows (WARN)");
        Run failed = runs.transition(run.runId(), RunState.FAILED, T0.plusSeconds(40), RunOutcome.error("EXPECTATION_FAILED", "positive"));
        assertEquals(Optional.of(new RunMetrics(3, 12, 4_500, 1_048_576, 65_536)), failed.metrics());
        assertEquals(OptionalLong.of(65_536), failed.bytesWritten());
        assertEquals(Optional.of("http://127.0.0.1:4040/jobs/job/?id=7"), failed.sparkUiUrl());
        assertEquals(Optional.of("positive: 2 violating rows (WARN)"), failed.expectations());
        try (java.sql.Connection connection = metadata.dataSource().getConnection(); java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery("SELECT stages, tasks, executor_seconds, bytes_read, bytes_written, expectations FROM system_job_runs "
                        + "WHERE run_id = '" + run.runId() + "'")) {
            assertTrue(rs.next());
            assertEquals(3, rs.getInt(1));
            assertEquals(12, rs.getLong(2));
            assertEquals(4.5, rs.getDouble(3), 1e-9);
            assertEquals(1_048_576, rs.getLong(4));
            assertEquals(65_536, rs.getLong(5));
            assertEquals("positive: 2 violating rows (WARN)", rs.getString(6));
        }
        // RUN JOB's retry path: the next attempt starts with nothing measured, the first keeps its numbers.
        Run other = reach(RunState.RUNNING);
        runs.recordMetrics(other.runId(), new RunMetrics(1, 2, 30, 0, 0), Optional.empty());
        Run retried = runs.retry(other.runId(), RunState.FAILED, T0.plusSeconds(30), RunOutcome.error("X", "y"));
        assertEquals(Optional.empty(), retried.metrics());
        assertEquals(Optional.of(new RunMetrics(1, 2, 30, 0, 0)), runs.attempts(other.runId()).get(0).metrics());
        assertEquals(Optional.empty(), runs.attempts(other.runId()).get(1).metrics());
    }

    @Test
    void aFailedAttemptIsRetriedAsTheNextAttempt()
    {
        Run run = reach(RunState.RUNNING);
        Run retried = metadata.runs().retry(run.runId(), RunState.FAILED, T0.plusSeconds(30), RunOutcome.error("SPARK_OOM", "executor lost"));
        assertEquals(RunState.QUEUED, retried.state());
        assertEquals(2, retried.attempt());
        assertEquals(Optional.of(T0.plusSeconds(30)), retried.queuedAt());
        assertEquals(Optional.empty(), retried.startedAt());
        assertEquals(Optional.empty(), retried.errorClass(), "the run shows its current attempt");

        metadata.runs().transition(run.runId(), RunState.ACQUIRING_ENGINE, T0.plusSeconds(31), RunOutcome.NONE);
        metadata.runs().transition(run.runId(), RunState.RUNNING, T0.plusSeconds(32), RunOutcome.NONE);
        Run failed = metadata.runs().transition(run.runId(), RunState.FAILED, T0.plusSeconds(40), RunOutcome.error("AnalysisException", "no table t"));
        assertEquals(Optional.of("AnalysisException"), failed.errorClass());
        assertEquals(Optional.of("no table t"), failed.errorMessage());
        assertEquals(OptionalLong.of(8_000), failed.durationMillis());

        List<RunAttempt> attempts = metadata.runs().attempts(run.runId());
        assertEquals(List.of(RunState.FAILED, RunState.FAILED), attempts.stream().map(RunAttempt::state).toList());
        assertEquals(Optional.of("SPARK_OOM"), attempts.get(0).errorClass());
        assertEquals(Optional.of(T0.plusSeconds(30)), attempts.get(0).finishedAt());
        assertEquals(Optional.of("AnalysisException"), attempts.get(1).errorClass());

        assertThrows(IllegalArgumentException.class, () -> metadata.runs().retry(run.runId(), RunState.SUCCEEDED, T0, RunOutcome.NONE));
        assertEquals(MetastoreError.ILLEGAL_TRANSITION,
                assertThrows(MetastoreException.class, () -> metadata.runs().retry(newRun().runId(), RunState.FAILED, T0, RunOutcome.NONE)).error());
        assertThrows(IllegalArgumentException.class, () -> metadata.runs().transition(reach(RunState.RUNNING).runId(), RunState.QUEUED, T0, RunOutcome.NONE));
    }

    @Test
    void ofTwoWritersMovingOneRunOneWins()
            throws Exception
    {
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                Run run = reach(RunState.RUNNING);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Run>> results = new ArrayList<>();
                for (RunState target : List.of(RunState.SUCCEEDED, RunState.CANCELLED)) {
                    results.add(writers.submit(() -> {
                        start.await();
                        return metadata.runs().transition(run.runId(), target, T0.plusSeconds(60), RunOutcome.NONE);
                    }));
                }
                List<RunState> winners = new ArrayList<>();
                for (Future<Run> result : results) {
                    try {
                        winners.add(result.get().state());
                    }
                    catch (ExecutionException e) {
                        MetastoreException refused = (MetastoreException) e.getCause();
                        assertEquals(MetastoreError.ILLEGAL_TRANSITION, refused.error(), refused.getMessage());
                    }
                }
                assertEquals(1, winners.size(), "exactly one writer wins round " + round);
                assertEquals(winners.get(0), metadata.runs().find(run.runId()).orElseThrow().state());
            }
        }
        finally {
            writers.shutdownNow();
        }
    }

    @Test
    void listsOfRuns()
    {
        Run first = reach(RunState.SUCCEEDED);
        Run second = reach(RunState.RUNNING);
        Run third = newRun();
        assertEquals(List.of(third.runId(), second.runId(), first.runId()), metadata.runs().forJob("nightly", 10).stream().map(Run::runId).toList());
        assertEquals(List.of(third.runId()), metadata.runs().forJob("Nightly", 1).stream().map(Run::runId).toList());
        assertEquals(List.of(second.runId(), third.runId()), metadata.runs().unfinished().stream().map(Run::runId).toList());
        assertEquals(MetastoreError.UNDEFINED_OBJECT, assertThrows(MetastoreException.class, () -> metadata.runs().create(NewRun.manual("nope", "ada"))).error());
        assertEquals(MetastoreError.UNDEFINED_OBJECT,
                assertThrows(MetastoreException.class, () -> metadata.runs().transition("no-such-run", RunState.QUEUED, T0, RunOutcome.NONE)).error());
        Run manual = metadata.runs().create(NewRun.manual("nightly", "bob"));
        assertEquals(Optional.of("bob"), manual.requestedBy());
        assertEquals(Optional.empty(), manual.logicalDate());
    }

    @Test
    void timesAreStoredInUtcToTheMillisecondWhateverTheJvmZone()
    {
        Instant odd = Instant.parse("2025-03-30T01:30:00.987654Z");
        Run run = metadata.runs().create(new NewRun("nightly", TriggerKind.BACKFILL, Optional.of(odd), Optional.empty(), Map.of(), Optional.empty()));
        assertEquals(Optional.of(Instant.parse("2025-03-30T01:30:00.987Z")), run.logicalDate());
        assertTrue(Duration.between(START, run.createdAt()).toMillis() >= 0);
    }
}
