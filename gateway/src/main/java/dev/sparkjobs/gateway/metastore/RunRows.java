package dev.sparkjobs.gateway.metastore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code job_runs} and {@code job_run_attempts} rows into records. */
final class RunRows
{
    private RunRows() {}

    static List<Run> runs(PreparedStatement select)
            throws SQLException
    {
        List<Run> runs = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                runs.add(new Run(rs.getString("run_id"), rs.getString("job_name"), rs.getLong("job_version"), TriggerKind.valueOf(rs.getString("trigger_kind")),
                        Jdbc.instant(rs, "logical_date"), Jdbc.instant(rs, "scheduled_at"), Jdbc.string(rs, "requested_by"),
                        RunState.valueOf(rs.getString("state")), rs.getLong("state_version"), rs.getInt("attempt"), Jdbc.requiredInstant(rs, "created_at"),
                        Jdbc.instant(rs, "queued_at"), Jdbc.instant(rs, "engine_acquired_at"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "finished_at"),
                        Jdbc.optionalLong(rs, "duration_ms"), Jdbc.optionalLong(rs, "rows_written"), Jdbc.optionalLong(rs, "bytes_written"),
                        Jdbc.string(rs, "spark_app_id"), Jdbc.string(rs, "spark_ui_url"), Jdbc.string(rs, "error_class"), Jdbc.string(rs, "error_message"),
                        Jdbc.string(rs, "log_location"), metrics(rs), Jdbc.string(rs, "expectations")));
            }
        }
        return runs;
    }

    static List<RunAttempt> attempts(PreparedStatement select)
            throws SQLException
    {
        List<RunAttempt> attempts = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                attempts.add(new RunAttempt(rs.getString("run_id"), rs.getInt("attempt"), RunState.valueOf(rs.getString("state")), Jdbc.requiredInstant(rs, "queued_at"),
                        Jdbc.instant(rs, "engine_acquired_at"), Jdbc.instant(rs, "started_at"), Jdbc.instant(rs, "finished_at"),
                        Jdbc.optionalLong(rs, "rows_written"), Jdbc.optionalLong(rs, "bytes_written"), Jdbc.string(rs, "spark_app_id"),
                        Jdbc.string(rs, "spark_ui_url"), Jdbc.string(rs, "error_class"), Jdbc.string(rs, "error_message"), Jdbc.string(rs, "log_location"),
                        metrics(rs), Jdbc.string(rs, "expectations")));
            }
        }
        return attempts;
    }

    /** Present once the attempt's Spark work was measured (the stage count is written with the rest). */
    private static java.util.Optional<RunMetrics> metrics(ResultSet rs)
            throws SQLException
    {
        int stages = rs.getInt("stages");
        if (rs.wasNull()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new RunMetrics(stages, rs.getLong("tasks"), rs.getLong("executor_ms"), rs.getLong("bytes_read"), rs.getLong("bytes_written")));
    }
}
