package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.sql.JDBCType;
import java.util.List;
import java.util.Optional;

/**
 * The {@code system.*} tables and their columns: the contract between this store and whatever
 * serves {@code system.*} queries (Calcite). Five are views in the metadata database; {@code engines},
 * {@code pools} (the stored definitions with the live state of their engines) and {@code sessions}
 * are in-memory state of the gateway (the engine pools and the session manager). Timestamps are UTC.
 */
public final class SystemTables
{
    public enum Source
    {
        /** A view of the metadata database, named {@link SystemTable#view()}. */
        DATABASE_VIEW,
        /** Rows the gateway holds in memory. */
        IN_MEMORY
    }

    public record SystemColumn(String name, JDBCType type)
    {
        public SystemColumn
        {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    public record SystemTable(String name, Source source, Optional<String> view, List<SystemColumn> columns)
    {
        public SystemTable
        {
            requireNonNull(name, "name is null");
            requireNonNull(source, "source is null");
            requireNonNull(view, "view is null");
            columns = List.copyOf(columns);
        }
    }

    private static final JDBCType S = JDBCType.VARCHAR;
    private static final JDBCType L = JDBCType.BIGINT;
    private static final JDBCType I = JDBCType.INTEGER;
    private static final JDBCType T = JDBCType.TIMESTAMP;
    private static final JDBCType D = JDBCType.DOUBLE;

    public static final List<SystemTable> ALL = List.of(
            view("jobs",
                    c("name", S), c("version", L), c("status", S), c("comment", S), c("pool", S), c("schedule_kind", S), c("schedule", S),
                    c("time_zone", S), c("upstream", S), c("dependency_condition", S), c("concurrency", S), c("retries", I), c("timeout_ms", L),
                    c("owner", S), c("created_at", T), c("updated_at", T), c("last_run_id", S), c("last_run_state", S), c("last_run_finished_at", T)),
            view("job_runs",
                    c("run_id", S), c("job", S), c("job_version", L), c("trigger_kind", S), c("logical_date", T), c("scheduled_at", T), c("attempt", I),
                    c("state", S), c("created_at", T), c("queued_at", T), c("engine_acquired_at", T), c("started_at", T), c("finished_at", T),
                    c("duration_ms", L), c("rows_written", L), c("bytes_written", L), c("spark_app_id", S), c("spark_ui_url", S), c("error_class", S),
                    c("error_message", S), c("log_location", S), c("requested_by", S), c("bytes_read", L), c("stages", I), c("tasks", L),
                    c("executor_seconds", D), c("expectations", S)),
            view("streams",
                    c("name", S), c("version", L), c("kind", S), c("status", S), c("comment", S), c("pool", S), c("sink_table", S), c("inputs", S),
                    c("window_spec", S), c("trigger_spec", S), c("emit_mode", S), c("checkpoint_location", S), c("owner", S), c("created_at", T),
                    c("updated_at", T), c("last_progress_at", T)),
            view("stream_progress",
                    c("stream", S), c("query_run_id", S), c("batch_id", L), c("recorded_at", T), c("input_rows", L), c("input_rows_per_second", D),
                    c("processed_rows_per_second", D), c("batch_duration_ms", L), c("event_time_watermark", T), c("late_rows", L), c("state_rows", L),
                    c("lag_ms", L)),
            memory("pools",
                    c("name", S), c("version", L), c("share_level", S), c("min_engines", I), c("max_engines", I), c("options", S), c("created_by", S),
                    c("created_at", T), c("updated_at", T), c("provider", S), c("max_engines_per_tenant", I), c("engines", I), c("engines_starting", I),
                    c("engines_idle", I), c("engines_busy", I), c("launches", L), c("last_launch_ms", L), c("median_launch_ms", L)),
            view("alerts",
                    c("alert_id", S), c("kind", S), c("object_kind", S), c("object_name", S), c("run_id", S), c("raised_at", T), c("message", S),
                    c("notify_url", S), c("notify_state", S), c("notify_attempts", I), c("notified_at", T), c("notify_error", S)),
            memory("engines",
                    c("engine_id", S), c("pool", S), c("provider", S), c("share_level", S), c("share_key", S), c("state", S), c("spark_version", S),
                    c("spark_app_id", S), c("spark_ui_url", S), c("flight_endpoint", S), c("started_at", T), c("last_used_at", T),
                    c("leases_active", I), c("leases_total", L), c("executors", I), c("cores", I), c("memory_bytes", L), c("ready_at", T),
                    c("launch_ms", L), c("age_ms", L), c("launch_phase", S), c("cluster", S), c("pod", S)),
            memory("sessions",
                    c("session_id", S), c("user_name", S), c("tenant", S), c("protocol", S), c("client_address", S), c("opened_at", T),
                    c("last_used_at", T), c("operations_active", I), c("operations_total", L), c("engine_id", S)));

    private SystemTables() {}

    public static Optional<SystemTable> table(String name)
    {
        return ALL.stream().filter(table -> table.name().equalsIgnoreCase(name)).findFirst();
    }

    private static SystemTable view(String name, SystemColumn... columns)
    {
        return new SystemTable(name, Source.DATABASE_VIEW, Optional.of("system_" + name), List.of(columns));
    }

    private static SystemTable memory(String name, SystemColumn... columns)
    {
        return new SystemTable(name, Source.IN_MEMORY, Optional.empty(), List.of(columns));
    }

    private static SystemColumn c(String name, JDBCType type)
    {
        return new SystemColumn(name, type);
    }
}
