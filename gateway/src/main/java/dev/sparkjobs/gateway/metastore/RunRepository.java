package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.planner.model.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Runs of jobs and their attempts ({@code job_runs}, {@code job_run_attempts}). Every state change
 * goes through {@link #transition} or {@link #retry}, which check {@link RunState}'s moves and
 * compare-and-set on the run's state version: of two writers moving the same run, one wins and the
 * other sees the new state, which then decides (a run that SUCCEEDED cannot be CANCELLED).
 */
public final class RunRepository
{
    private static final int MAX_TRIES = 5;
    private static final String TERMINAL = Arrays.stream(RunState.values()).filter(RunState::isTerminal)
            .map(state -> "'" + state.name() + "'").collect(Collectors.joining(", "));

    private final DataSource dataSource;
    private final Clock clock;

    RunRepository(DataSource dataSource, Clock clock)
    {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A new run of the job's current version, PENDING. */
    public Run create(NewRun run)
    {
        requireNonNull(run, "run is null");
        return Jdbc.inTransaction(dataSource, connection -> insert(connection, run, Optional.empty()));
    }

    /**
     * A new run, unless the job already has a run for {@code key} (a logical date, a file): the
     * scheduler's runs are made at most once per key, whichever gateway or restart makes them.
     */
    public Optional<Run> createOnce(NewRun run, String key)
    {
        requireNonNull(run, "run is null");
        requireNonNull(key, "key is null");
        try {
            return Optional.of(Jdbc.inTransaction(dataSource, connection -> {
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT 1 FROM job_runs r JOIN jobs j ON j.job_id = r.job_id WHERE j.name_key = ? AND r.schedule_key = ?")) {
                    select.setString(1, Identifiers.key(run.jobName()));
                    select.setString(2, key);
                    try (ResultSet rs = select.executeQuery()) {
                        if (rs.next()) {
                            throw new DuplicateKey();
                        }
                    }
                }
                return insert(connection, run, Optional.of(key));
            }));
        }
        catch (DuplicateKey e) {
            return Optional.empty();
        }
        catch (MetastoreException e) {
            if (e.getCause() instanceof SQLException sql && Jdbc.isUniqueViolation(sql)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static final class DuplicateKey
            extends RuntimeException
    {
        DuplicateKey()
        {
            super(null, null, false, false);
        }
    }

    private Run insert(Connection connection, NewRun run, Optional<String> key)
            throws SQLException
    {
        String jobId;
        long version;
        String name;
        try (PreparedStatement select = connection.prepareStatement("SELECT job_id, current_version, name FROM jobs WHERE name_key = ?")) {
            select.setString(1, Identifiers.key(run.jobName()));
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new MetastoreException(MetastoreError.UNDEFINED_OBJECT, "job " + run.jobName() + " does not exist");
                }
                jobId = rs.getString(1);
                version = rs.getLong(2);
                name = rs.getString(3);
            }
        }
        String runId = UUID.randomUUID().toString();
        String sql = "INSERT INTO job_runs (run_id, job_id, job_name, job_version, trigger_kind, logical_date, scheduled_at, parameters_json, requested_by, "
                + "state, state_version, attempt, created_at, schedule_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, runId);
            insert.setString(2, jobId);
            insert.setString(3, name);
            insert.setLong(4, version);
            insert.setString(5, run.trigger().name());
            Jdbc.setInstant(insert, 6, run.logicalDate());
            Jdbc.setInstant(insert, 7, run.scheduledAt());
            Jdbc.setString(insert, 8, run.parameters().isEmpty() ? Optional.empty() : Optional.of(ModelJson.write(run.parameters())));
            Jdbc.setString(insert, 9, run.requestedBy());
            insert.setString(10, RunState.PENDING.name());
            Jdbc.setInstant(insert, 11, clock.instant());
            Jdbc.setString(insert, 12, key);
            insert.executeUpdate();
        }
        return find(connection, runId).orElseThrow();
    }

    /** The parameters a run was started with ({@code RUN JOB ... WITH}, the file that triggered it). */
    public java.util.Map<String, String> parameters(String runId)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT parameters_json FROM job_runs WHERE run_id = ?")) {
                select.setString(1, runId);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next() || rs.getString(1) == null) {
                        return java.util.Map.<String, String>of();
                    }
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, String> parameters = ModelJson.read(rs.getString(1), java.util.Map.class);
                    return parameters;
                }
            }
        });
    }

    /** The runs of a job for one logical date, newest first. */
    public List<Run> forLogicalDate(String jobName, Instant logicalDate)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            String sql = "SELECT r.* FROM job_runs r JOIN jobs j ON j.job_id = r.job_id WHERE j.name_key = ? AND r.logical_date = ? ORDER BY r.created_at DESC, r.run_id DESC";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, Identifiers.key(jobName));
                Jdbc.setInstant(select, 2, logicalDate);
                return RunRows.runs(select);
            }
        });
    }

    /** Records a file a file-arrival job has seen; false when it had seen it already. */
    public boolean recordFileArrival(String jobName, String path, Instant seenAt)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            String jobId;
            try (PreparedStatement select = connection.prepareStatement("SELECT job_id FROM jobs WHERE name_key = ?")) {
                select.setString(1, Identifiers.key(jobName));
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    jobId = rs.getString(1);
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM file_arrivals WHERE job_id = ? AND path = ?")) {
                select.setString(1, jobId);
                select.setString(2, path);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO file_arrivals (job_id, path, seen_at) VALUES (?, ?, ?)")) {
                insert.setString(1, jobId);
                insert.setString(2, path);
                Jdbc.setInstant(insert, 3, seenAt);
                insert.executeUpdate();
            }
            return true;
        });
    }

    /**
     * Moves a run to {@code target} at {@code at}, recording the phase timestamp that state begins
     * (QUEUED: queued, RUNNING: started, terminal: finished) and the outcome. PENDING to QUEUED
     * opens attempt 1; a later QUEUED is a {@link #retry}.
     */
    public Run transition(String runId, RunState target, Instant at, RunOutcome outcome)
    {
        requireNonNull(target, "target is null");
        requireNonNull(outcome, "outcome is null");
        return Jdbc.inTransaction(dataSource, connection -> {
            for (int tries = 0; tries < MAX_TRIES; tries++) {
                Run current = find(connection, runId).orElseThrow(() -> undefined(runId));
                checkMove(current, target);
                if (target == RunState.QUEUED && current.state() != RunState.PENDING) {
                    throw new IllegalArgumentException("a run goes back to QUEUED through retry(), which ends the current attempt");
                }
                if (move(connection, current, target, at, outcome)) {
                    return find(connection, runId).orElseThrow();
                }
            }
            throw contended(runId);
        });
    }

    /**
     * Ends the current attempt in {@code attemptOutcome} (FAILED or TIMED_OUT, with its error) and
     * queues the next one: the run goes back to QUEUED.
     */
    public Run retry(String runId, RunState attemptOutcome, Instant at, RunOutcome outcome)
    {
        if (!RunState.retryableAttemptOutcomes().contains(attemptOutcome)) {
            throw new IllegalArgumentException("an attempt that is retried ended FAILED or TIMED_OUT, not " + attemptOutcome);
        }
        return Jdbc.inTransaction(dataSource, connection -> {
            for (int tries = 0; tries < MAX_TRIES; tries++) {
                Run current = find(connection, runId).orElseThrow(() -> undefined(runId));
                checkMove(current, RunState.QUEUED);
                if (current.state() == RunState.PENDING) {
                    throw new MetastoreException(MetastoreError.ILLEGAL_TRANSITION, "run " + runId + " is PENDING: it has no attempt to retry");
                }
                if (move(connection, current, RunState.QUEUED, at, RunOutcome.NONE)) {
                    updateAttempt(connection, current, attemptOutcome, at, outcome);
                    return find(connection, runId).orElseThrow();
                }
            }
            throw contended(runId);
        });
    }

    /** The engine the current attempt runs on: Spark application id and UI, leased at {@code acquiredAt}. */
    public Run recordEngine(String runId, String sparkAppId, Optional<String> sparkUiUrl, Instant acquiredAt)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            Run current = find(connection, runId).orElseThrow(() -> undefined(runId));
            if (current.state() != RunState.ACQUIRING_ENGINE && current.state() != RunState.RUNNING) {
                throw new MetastoreException(MetastoreError.ILLEGAL_TRANSITION, "run " + runId + " is " + current.state() + ", not acquiring an engine or running");
            }
            for (String table : List.of("job_runs", "job_run_attempts")) {
                String where = table.equals("job_runs") ? " WHERE run_id = ?" : " WHERE run_id = ? AND attempt = " + current.attempt();
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET spark_app_id = ?, spark_ui_url = ?, engine_acquired_at = ?" + where)) {
                    update.setString(1, sparkAppId);
                    Jdbc.setString(update, 2, sparkUiUrl);
                    Jdbc.setInstant(update, 3, acquiredAt);
                    update.setString(4, runId);
                    update.executeUpdate();
                }
            }
            return find(connection, runId).orElseThrow();
        });
    }

    /**
     * What the current attempt did on Spark, and the Spark UI page of its work when the engine has a
     * UI (empty keeps the link recorded with the engine).
     */
    public Run recordMetrics(String runId, RunMetrics metrics, Optional<String> sparkUiUrl)
    {
        requireNonNull(metrics, "metrics is null");
        return Jdbc.inTransaction(dataSource, connection -> {
            Run current = find(connection, runId).orElseThrow(() -> undefined(runId));
            for (String table : List.of("job_runs", "job_run_attempts")) {
                String where = table.equals("job_runs") ? " WHERE run_id = ?" : " WHERE run_id = ? AND attempt = " + current.attempt();
                String sql = "UPDATE " + table + " SET stages = ?, tasks = ?, executor_ms = ?, bytes_read = ?, bytes_written = ?"
                        + (sparkUiUrl.isPresent() ? ", spark_ui_url = ?" : "") + where;
                try (PreparedStatement update = connection.prepareStatement(sql)) {
                    int i = 1;
                    update.setInt(i++, metrics.stages());
                    update.setLong(i++, metrics.tasks());
                    update.setLong(i++, metrics.executorMillis());
                    update.setLong(i++, metrics.bytesRead());
                    update.setLong(i++, metrics.bytesWritten());
                    if (sparkUiUrl.isPresent()) {
                        update.setString(i++, sparkUiUrl.get());
                    }
                    update.setString(i, runId);
                    update.executeUpdate();
                }
            }
            return find(connection, runId).orElseThrow();
        });
    }

    /** How the current attempt's expectations came out, one line per constraint (at most 4000 characters kept). */
    public Run recordExpectations(String runId, String results)
    {
        String kept = results.length() > 4000 ? results.substring(0, 3997) + "..." : results;
        return Jdbc.inTransaction(dataSource, connection -> {
            Run current = find(connection, runId).orElseThrow(() -> undefined(runId));
            for (String table : List.of("job_runs", "job_run_attempts")) {
                String where = table.equals("job_runs") ? " WHERE run_id = ?" : " WHERE run_id = ? AND attempt = " + current.attempt();
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET expectations = ?" + where)) {
                    update.setString(1, kept);
                    update.setString(2, runId);
                    update.executeUpdate();
                }
            }
            return find(connection, runId).orElseThrow();
        });
    }

    /** Where the current attempt's driver log is kept. */
    public Run recordLogLocation(String runId, String location)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            Run current = find(connection, runId).orElseThrow(() -> undefined(runId));
            for (String table : List.of("job_runs", "job_run_attempts")) {
                String where = table.equals("job_runs") ? " WHERE run_id = ?" : " WHERE run_id = ? AND attempt = " + current.attempt();
                try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET log_location = ?" + where)) {
                    update.setString(1, location);
                    update.setString(2, runId);
                    update.executeUpdate();
                }
            }
            return find(connection, runId).orElseThrow();
        });
    }

    public Optional<Run> find(String runId)
    {
        return Jdbc.inTransaction(dataSource, connection -> find(connection, runId));
    }

    /** The latest runs of the job now called {@code jobName}, newest first. */
    public List<Run> forJob(String jobName, int limit)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            String sql = "SELECT r.* FROM job_runs r JOIN jobs j ON j.job_id = r.job_id WHERE j.name_key = ? ORDER BY r.created_at DESC, r.run_id DESC";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, Identifiers.key(jobName));
                select.setMaxRows(limit);
                return RunRows.runs(select);
            }
        });
    }

    /** Runs not yet in a terminal state: what a restarted gateway must mark and retry. */
    public List<Run> unfinished()
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM job_runs WHERE state NOT IN (" + TERMINAL + ") ORDER BY created_at, run_id")) {
                return RunRows.runs(select);
            }
        });
    }

    public List<RunAttempt> attempts(String runId)
    {
        return Jdbc.inTransaction(dataSource, connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM job_run_attempts WHERE run_id = ? ORDER BY attempt")) {
                select.setString(1, runId);
                return RunRows.attempts(select);
            }
        });
    }

    private static Optional<Run> find(Connection connection, String runId)
            throws SQLException
    {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM job_runs WHERE run_id = ?")) {
            select.setString(1, requireNonNull(runId, "runId is null"));
            return RunRows.runs(select).stream().findFirst();
        }
    }

    private static void checkMove(Run current, RunState target)
    {
        if (!current.state().canMoveTo(target)) {
            String options = current.state().isTerminal() ? "it is finished" : "it can become " + current.state().next();
            throw new MetastoreException(MetastoreError.ILLEGAL_TRANSITION,
                    "run " + current.runId() + " is " + current.state() + " and cannot become " + target + ": " + options);
        }
    }

    /** One compare-and-set of the run row, and the attempt row to match; false when another writer moved the run first. */
    private static boolean move(Connection connection, Run current, RunState target, Instant at, RunOutcome outcome)
            throws SQLException
    {
        Instant time = Jdbc.truncate(at);
        boolean newAttempt = target == RunState.QUEUED;
        Optional<Instant> started = newAttempt ? Optional.empty() : target == RunState.RUNNING ? Optional.of(time) : current.startedAt();
        Optional<Instant> acquired = newAttempt ? Optional.empty() : target == RunState.RUNNING ? current.engineAcquiredAt().or(() -> Optional.of(time)) : current.engineAcquiredAt();
        Optional<Instant> finished = target.isTerminal() ? Optional.of(time) : Optional.empty();
        OptionalLong duration = finished.isPresent() && started.isPresent() ? OptionalLong.of(Duration.between(started.get(), time).toMillis()) : OptionalLong.empty();
        String sql = "UPDATE job_runs SET state = ?, state_version = state_version + 1, attempt = ?, queued_at = ?, engine_acquired_at = ?, started_at = ?, "
                + "finished_at = ?, duration_ms = ?, rows_written = ?, bytes_written = ?, error_class = ?, error_message = ?"
                + (newAttempt ? ", spark_app_id = NULL, spark_ui_url = NULL, log_location = NULL, stages = NULL, tasks = NULL, executor_ms = NULL, bytes_read = NULL, "
                        + "expectations = NULL" : "")
                + " WHERE run_id = ? AND state_version = ?";
        int attempt = newAttempt ? current.attempt() + 1 : current.attempt();
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, target.name());
            update.setInt(2, attempt);
            Jdbc.setInstant(update, 3, newAttempt ? Optional.of(time) : current.queuedAt());
            Jdbc.setInstant(update, 4, acquired);
            Jdbc.setInstant(update, 5, started);
            Jdbc.setInstant(update, 6, finished);
            Jdbc.setLong(update, 7, duration);
            Jdbc.setLong(update, 8, newAttempt ? OptionalLong.empty() : or(outcome.rowsWritten(), current.rowsWritten()));
            Jdbc.setLong(update, 9, newAttempt ? OptionalLong.empty() : or(outcome.bytesWritten(), current.bytesWritten()));
            Jdbc.setString(update, 10, newAttempt ? Optional.empty() : outcome.errorClass().or(current::errorClass));
            Jdbc.setString(update, 11, newAttempt ? Optional.empty() : outcome.errorMessage().or(current::errorMessage));
            update.setString(12, current.runId());
            update.setLong(13, current.stateVersion());
            if (update.executeUpdate() != 1) {
                return false;
            }
        }
        if (newAttempt) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO job_run_attempts (run_id, attempt, state, queued_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, current.runId());
                insert.setInt(2, attempt);
                insert.setString(3, RunState.QUEUED.name());
                Jdbc.setInstant(insert, 4, time);
                insert.executeUpdate();
            }
        }
        else if (attempt > 0) {
            updateAttempt(connection, current, target, at, outcome);
        }
        return true;
    }

    private static void updateAttempt(Connection connection, Run current, RunState state, Instant at, RunOutcome outcome)
            throws SQLException
    {
        Instant time = Jdbc.truncate(at);
        Optional<Instant> started = state == RunState.RUNNING ? Optional.of(time) : current.startedAt();
        Optional<Instant> acquired = state == RunState.RUNNING ? current.engineAcquiredAt().or(() -> Optional.of(time)) : current.engineAcquiredAt();
        String sql = "UPDATE job_run_attempts SET state = ?, engine_acquired_at = ?, started_at = ?, finished_at = ?, rows_written = ?, bytes_written = ?, "
                + "error_class = ?, error_message = ? WHERE run_id = ? AND attempt = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, state.name());
            Jdbc.setInstant(update, 2, acquired);
            Jdbc.setInstant(update, 3, started);
            Jdbc.setInstant(update, 4, state.isTerminal() ? Optional.of(time) : Optional.empty());
            Jdbc.setLong(update, 5, or(outcome.rowsWritten(), current.rowsWritten()));
            Jdbc.setLong(update, 6, or(outcome.bytesWritten(), current.bytesWritten()));
            Jdbc.setString(update, 7, outcome.errorClass().or(current::errorClass));
            Jdbc.setString(update, 8, outcome.errorMessage().or(current::errorMessage));
            update.setString(9, current.runId());
            update.setInt(10, current.attempt());
            update.executeUpdate();
        }
    }

    private static OptionalLong or(OptionalLong first, OptionalLong second)
    {
        return first.isPresent() ? first : second;
    }

    private static MetastoreException undefined(String runId)
    {
        return new MetastoreException(MetastoreError.UNDEFINED_OBJECT, "run " + runId + " does not exist");
    }

    private static MetastoreException contended(String runId)
    {
        return new MetastoreException(MetastoreError.STALE_VERSION, "run " + runId + " kept changing under " + MAX_TRIES + " tries to move it");
    }
}
