package dev.sparkjobs.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a statement of {@code jdbc:sparkjobs://} adds to JDBC, reached with
 * {@code statement.unwrap(SparkJobsStatement.class)}: the runs a {@code RUN JOB} statement
 * started, and their progress.
 *
 * <pre>{@code
 * try (Statement statement = connection.createStatement()) {
 *     statement.execute("RUN JOB daily_totals");
 *     SparkJobsStatement runs = statement.unwrap(SparkJobsStatement.class);
 *     String runId = runs.runIds().get(0);
 *     JobRunProgress done = runs.awaitRun(runId, Duration.ofMinutes(10), progress -> System.err.println(progress.state()));
 * }
 * }</pre>
 */
public interface SparkJobsStatement
{
    /**
     * The ids of the runs the statement last executed started ({@code RUN JOB}: one; a backfill
     * {@code RUN JOB ... FROM ... TO ... EVERY ...}: one per logical date), in the order the
     * gateway answered them; empty when the last statement started no run.
     */
    List<String> runIds()
            throws SQLException;

    /** A run's progress as {@code system.job_runs} shows it now; empty for an unknown run id. */
    Optional<JobRunProgress> runProgress(String runId)
            throws SQLException;

    /**
     * Waits until the run has finished (any final state) or the timeout passes, polling the
     * gateway every half second; {@code onChange} sees each new state or attempt. Returns the
     * last progress seen.
     *
     * @throws SQLException with SQLSTATE 57014 when the timeout passes first, or 02000 for an unknown run
     */
    JobRunProgress awaitRun(String runId, Duration timeout, Consumer<JobRunProgress> onChange)
            throws SQLException;
}
