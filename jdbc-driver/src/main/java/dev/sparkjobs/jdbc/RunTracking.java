package dev.sparkjobs.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetProvider;

/**
 * The {@link SparkJobsStatement} side of one statement: a {@code RUN JOB} answer (a few rows, one
 * per run started) is read whole when the statement executes, its run ids kept, and handed to
 * the application as a scrollable in-memory result set with the same rows and columns.
 */
final class RunTracking
        implements SparkJobsStatement
{
    private static final Pattern RUN_JOB = Pattern.compile("(?is)^(\\s|--[^\\n]*\\n|/\\*.*?\\*/|\\()*RUN\\s+JOB\\b.*");
    private static final Duration POLL = Duration.ofMillis(500);

    private final Connection connection;
    private volatile List<String> runIds = List.of();
    private volatile CachedRowSet runResult;

    RunTracking(Connection connection)
    {
        this.connection = Objects.requireNonNull(connection, "connection is null");
    }

    static boolean startsRuns(String sql)
    {
        return sql != null && RUN_JOB.matcher(sql).matches();
    }

    /** Called before each execution: what the previous statement started no longer counts. */
    void reset()
    {
        runIds = List.of();
        runResult = null;
    }

    /** Reads a RUN JOB answer whole; returns the result set the application gets instead. */
    ResultSet capture(ResultSet answer)
            throws SQLException
    {
        if (answer == null) {
            return null;
        }
        CachedRowSet rows = RowSetProvider.newFactory().createCachedRowSet();
        try (answer) {
            rows.populate(answer);
        }
        List<String> ids = new ArrayList<>();
        int column = rows.findColumn("run_id");
        rows.beforeFirst();
        while (rows.next()) {
            ids.add(rows.getString(column));
        }
        rows.beforeFirst();
        runIds = List.copyOf(ids);
        runResult = rows;
        return rows;
    }

    /** The captured answer for {@code getResultSet()} after {@code execute}; null when none was captured. */
    ResultSet capturedResult()
    {
        return runResult;
    }

    @Override
    public List<String> runIds()
    {
        return runIds;
    }

    @Override
    public Optional<JobRunProgress> runProgress(String runId)
            throws SQLException
    {
        Objects.requireNonNull(runId, "runId is null");
        String sql = "SELECT run_id, job, state, attempt, started_at, finished_at, rows_written, error_class, error_message "
                + "FROM system.job_runs WHERE run_id = '" + runId.replace("'", "''") + "'";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                return Optional.empty();
            }
            long written = rows.getLong("rows_written");
            boolean unknownWritten = rows.wasNull();
            return Optional.of(new JobRunProgress(
                    rows.getString("run_id"),
                    rows.getString("job"),
                    rows.getString("state"),
                    rows.getInt("attempt"),
                    instant(rows.getTimestamp("started_at")),
                    instant(rows.getTimestamp("finished_at")),
                    unknownWritten ? 0 : written,
                    Optional.ofNullable(rows.getString("error_class")),
                    Optional.ofNullable(rows.getString("error_message"))));
        }
    }

    @Override
    public JobRunProgress awaitRun(String runId, Duration timeout, Consumer<JobRunProgress> onChange)
            throws SQLException
    {
        Objects.requireNonNull(timeout, "timeout is null");
        Objects.requireNonNull(onChange, "onChange is null");
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = null;
        while (true) {
            JobRunProgress progress = runProgress(runId).orElseThrow(() -> new SQLException("no job run with id " + runId, "02000"));
            String now = progress.state() + "/" + progress.attempt();
            if (!now.equals(seen)) {
                seen = now;
                onChange.accept(progress);
            }
            if (progress.finished()) {
                return progress;
            }
            if (System.nanoTime() > deadline) {
                throw new SQLException(String.format(Locale.ROOT, "run %s still %s after %d ms", runId, progress.state(), timeout.toMillis()), "57014");
            }
            try {
                Thread.sleep(POLL.toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for run " + runId, "57014", e);
            }
        }
    }

    private static Optional<java.time.Instant> instant(Timestamp timestamp)
    {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }
}
