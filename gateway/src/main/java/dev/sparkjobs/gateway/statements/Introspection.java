package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.gateway.jobs.JobManager;
import dev.sparkjobs.gateway.metastore.DefinitionVersion;
import dev.sparkjobs.gateway.metastore.MetadataDatabase;
import dev.sparkjobs.gateway.metastore.ModelJson;
import dev.sparkjobs.gateway.metastore.Run;
import dev.sparkjobs.gateway.metastore.RunAttempt;
import dev.sparkjobs.gateway.metastore.Stored;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.translate.DefinitionSql;
import dev.sparkjobs.sql.CalciteFrontDoor;
import dev.sparkjobs.sql.parser.show.SqlDescribeObject;
import dev.sparkjobs.sql.parser.show.SqlExplainObject;
import dev.sparkjobs.sql.parser.show.SqlShowCreate;
import dev.sparkjobs.sql.parser.show.SqlShowObjects;
import dev.sparkjobs.sql.parser.show.SqlShowRuns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.calcite.sql.SqlNode;

/**
 * SHOW, SHOW CREATE, DESCRIBE and EXPLAIN of jobs, streams, pools, engines and runs. SHOW is sugar
 * over the {@code system.*} tables (the same query a client could send); DESCRIBE and EXPLAIN
 * answer {@code (section, name, value)} rows.
 */
public final class Introspection
{
    private static final List<LocalResult.Column> PROPERTY_COLUMNS = List.of(
            new LocalResult.Column("section", LocalResult.Type.STRING),
            new LocalResult.Column("name", LocalResult.Type.STRING),
            new LocalResult.Column("value", LocalResult.Type.STRING));

    private final MetadataDatabase database;
    private final SystemCatalog system;
    private final JobManager jobs;
    private final ExtendedStatements.StreamControl streams;
    private final BufferAllocator allocator;
    private final Lineage lineage;

    public Introspection(MetadataDatabase database, SystemCatalog system, JobManager jobs, ExtendedStatements.StreamControl streams, BufferAllocator allocator,
            Lineage lineage)
    {
        this.database = requireNonNull(database, "database is null");
        this.system = requireNonNull(system, "system is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.streams = requireNonNull(streams, "streams is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.lineage = requireNonNull(lineage, "lineage is null");
    }

    Optional<PreparedSql> prepare(SqlNode node, String sql, SessionContext session)
            throws SqlServiceException
    {
        if (node instanceof SqlShowObjects show) {
            return Optional.of(systemQuery(sql, showQuery(show)));
        }
        if (node instanceof SqlShowRuns show) {
            return Optional.of(systemQuery(sql, showRunsQuery(show)));
        }
        if (node instanceof SqlShowCreate show) {
            List<LocalResult.Column> columns = List.of(new LocalResult.Column("create_statement", LocalResult.Type.STRING));
            return Optional.of(new LocalPreparedSql(sql, columns, operation -> ExtendedStatements.guarded(() -> {
                String name = ExtendedStatements.name(show.name());
                String text = show.kind() == SqlShowCreate.Kind.JOB
                        ? DefinitionSql.job(job(name).definition())
                        : DefinitionSql.stream(stream(name).definition());
                return new LocalResult(columns, List.<Object[]>of(new Object[] {text}));
            })));
        }
        if (node instanceof SqlDescribeObject describe) {
            return Optional.of(new LocalPreparedSql(sql, PROPERTY_COLUMNS, operation -> ExtendedStatements.guarded(() -> describe(describe, session))));
        }
        if (node instanceof SqlExplainObject explain) {
            return Optional.of(new LocalPreparedSql(sql, PROPERTY_COLUMNS, operation -> ExtendedStatements.guarded(() -> explain(explain, session))));
        }
        return Optional.empty();
    }

    private PreparedSql systemQuery(String sql, String query)
            throws SqlServiceException
    {
        List<LocalResult.Column> columns = system.describe(query);
        return new LocalPreparedSql(sql, columns, operation -> system.execute(query));
    }

    private static String showQuery(SqlShowObjects show)
    {
        String filter = show.like().map(like -> " WHERE LOWER(name) LIKE '" + likePattern(ExtendedStatements.string(like)) + "'").orElse("");
        return switch (show.kind()) {
            case JOBS -> "SELECT name, version, status, schedule_kind, schedule, time_zone, upstream, pool, last_run_state, last_run_finished_at "
                    + "FROM system.jobs" + filter + " ORDER BY name";
            case STREAMS -> "SELECT name, version, kind, status, sink_table, inputs, window_spec, emit_mode, last_progress_at FROM system.streams" + filter
                    + " ORDER BY name";
            case POOLS -> "SELECT name, version, share_level, min_engines, max_engines, options FROM system.pools" + filter + " ORDER BY name";
            case ENGINES -> "SELECT engine_id, pool, provider, state, spark_app_id, started_at, last_used_at, leases_active FROM system.engines"
                    + filter.replace("LOWER(name)", "LOWER(engine_id)") + " ORDER BY engine_id";
        };
    }

    private static String showRunsQuery(SqlShowRuns show)
    {
        long limit = show.limit().map(node -> Long.parseLong(node.toString())).orElse(100L);
        if (show.owner().orElse(null) == SqlShowRuns.Owner.STREAM) {
            return "SELECT `stream`, query_run_id, batch_id, recorded_at, input_rows, input_rows_per_second, processed_rows_per_second, batch_duration_ms, "
                    + "event_time_watermark, late_rows, state_rows, lag_ms FROM system.stream_progress WHERE LOWER(`stream`) = '"
                    + literal(ExtendedStatements.name(show.name().orElseThrow()).toLowerCase(Locale.ROOT)) + "' ORDER BY recorded_at DESC, batch_id DESC LIMIT " + limit;
        }
        String filter = show.name().map(name -> " WHERE LOWER(job) = '" + literal(ExtendedStatements.name(name).toLowerCase(Locale.ROOT)) + "'").orElse("");
        return "SELECT run_id, job, job_version, trigger_kind, logical_date, attempt, state, queued_at, started_at, finished_at, duration_ms, rows_written, "
                + "bytes_read, bytes_written, stages, tasks, executor_seconds, spark_app_id, spark_ui_url, expectations, error_class, error_message, log_location "
                + "FROM system.job_runs" + filter + " ORDER BY created_at DESC, run_id LIMIT " + limit;
    }

    /** Spark's SHOW ... LIKE pattern: {@code *} any characters, {@code |} alternatives (first one kept), else SQL LIKE. */
    private static String likePattern(String pattern)
    {
        String first = pattern.split("\\|")[0].trim();
        return literal(first.replace('*', '%').toLowerCase(Locale.ROOT));
    }

    private static String literal(String value)
    {
        return value.replace("'", "''");
    }

    private LocalResult describe(SqlDescribeObject describe, SessionContext session)
            throws SqlServiceException
    {
        Rows rows = new Rows();
        String name = ExtendedStatements.name(describe.name());
        switch (describe.kind()) {
            case JOB -> {
                Stored<Job> stored = job(name);
                Job job = stored.definition();
                definition(rows, stored);
                rows.add("definition", "schedule", DefinitionSql.job(job).lines().filter(line -> line.contains("SCHEDULE")).findFirst().map(String::strip)
                        .orElse("MANUAL"));
                jobs.scheduler().nextFireTime(job.name()).ifPresent(next -> rows.add("schedule", "next_fire_time", next.toString()));
                rows.add("definition", "upstream", job.dependencies().isEmpty() ? "" : job.dependencies().upstream() + " WHEN " + job.dependencies().condition());
                rows.add("definition", "retry", job.retry().count() + " retries, delay " + job.retry().delay().map(Object::toString).orElse("0") + ", "
                        + job.retry().backoff());
                rows.add("definition", "timeout", job.timeout().map(Object::toString).orElse(""));
                rows.add("definition", "sla", (job.sla().finishWithin().map(d -> "FINISH WITHIN " + d).orElse("") + " "
                        + job.sla().maxRuntime().map(d -> "MAX RUNTIME " + d).orElse("")).strip());
                rows.add("definition", "concurrency", job.concurrency().name());
                for (int i = 0; i < job.body().size(); i++) {
                    rows.add("body", "step " + (i + 1), job.body().get(i));
                }
                for (Run run : database.runs().forJob(job.name(), 5)) {
                    rows.add("recent runs", run.runId(), run.state() + " " + run.trigger() + " attempt " + run.attempt()
                            + run.finishedAt().map(at -> " finished " + at).orElse("") + run.errorMessage().map(m -> ": " + m).orElse(""));
                }
                if (describe.isExtended()) {
                    for (DefinitionVersion<Job> version : database.jobs().history(job.name())) {
                        rows.add("history", "version " + version.version(), version.change() + " at " + version.createdAt());
                    }
                    lineage(rows, job, session);
                }
            }
            case STREAM -> {
                Stored<Stream> stored = stream(name);
                definition(rows, stored);
                rows.add("definition", "model", ModelJson.write(stored.definition().definition()));
            }
            case POOL -> {
                Stored<Pool> stored = database.pools().find(name).orElseThrow(() -> StatementErrors.undefined("pool " + name));
                definition(rows, stored);
                stored.definition().options().forEach((key, value) -> rows.add("options", key, value));
            }
            case RUN -> {
                Run run = jobs.run(name);
                rows.add("run", "run_id", run.runId());
                rows.add("run", "job", run.jobName() + " v" + run.jobVersion());
                rows.add("run", "state", run.state().name());
                rows.add("run", "trigger", run.trigger().name());
                run.logicalDate().ifPresent(date -> rows.add("run", "logical_date", date.toString()));
                run.scheduledAt().ifPresent(date -> rows.add("run", "scheduled_at", date.toString()));
                run.queuedAt().ifPresent(date -> rows.add("phases", "queued_at", date.toString()));
                run.engineAcquiredAt().ifPresent(date -> rows.add("phases", "engine_acquired_at", date.toString()));
                run.startedAt().ifPresent(date -> rows.add("phases", "started_at", date.toString()));
                run.finishedAt().ifPresent(date -> rows.add("phases", "finished_at", date.toString()));
                run.durationMillis().ifPresent(ms -> rows.add("run", "duration_ms", String.valueOf(ms)));
                run.rowsWritten().ifPresent(count -> rows.add("run", "rows_written", String.valueOf(count)));
                run.sparkAppId().ifPresent(id -> rows.add("engine", "spark_app_id", id));
                run.sparkUiUrl().ifPresent(url -> rows.add("engine", "spark_ui_url", url));
                run.metrics().ifPresent(metrics -> {
                    rows.add("spark", "stages", String.valueOf(metrics.stages()));
                    rows.add("spark", "tasks", String.valueOf(metrics.tasks()));
                    rows.add("spark", "executor_seconds", String.format(Locale.ROOT, "%.3f", metrics.executorSeconds()));
                    rows.add("spark", "bytes_read", String.valueOf(metrics.bytesRead()));
                    rows.add("spark", "bytes_written", String.valueOf(metrics.bytesWritten()));
                });
                run.expectations().ifPresent(results -> results.lines().forEach(line -> rows.add("expectations", line.split(":", 2)[0], line)));
                run.errorClass().ifPresent(error -> rows.add("error", "class", error));
                run.errorMessage().ifPresent(error -> rows.add("error", "message", error));
                run.logLocation().ifPresent(location -> rows.add("run", "log", location));
                for (RunAttempt attempt : database.runs().attempts(run.runId())) {
                    rows.add("attempts", "attempt " + attempt.attempt(), attempt.state() + attempt.errorMessage().map(m -> ": " + m).orElse("")
                            + attempt.metrics().map(m -> String.format(Locale.ROOT, " (%d stages, %d tasks, %.3f executor-seconds)", m.stages(), m.tasks(), m.executorSeconds()))
                                    .orElse("")
                            + attempt.logLocation().map(l -> ", log " + l).orElse(""));
                }
            }
        }
        return rows.result();
    }

    private static void definition(Rows rows, Stored<?> stored)
    {
        rows.add("definition", "name", stored.name());
        rows.add("definition", "version", String.valueOf(stored.version()));
        rows.add("definition", "status", stored.status());
        rows.add("definition", "owner", stored.owner().orElse(""));
        rows.add("definition", "created_at", stored.createdAt().toString());
        rows.add("definition", "updated_at", stored.updatedAt().toString());
    }

    private LocalResult explain(SqlExplainObject explain, SessionContext session)
            throws SqlServiceException
    {
        Rows rows = new Rows();
        String name = ExtendedStatements.name(explain.name());
        if (explain.kind() == SqlExplainObject.Kind.STREAM) {
            Stream stream = stream(name).definition();
            rows.add("model", "stream", ModelJson.write(stream));
            rows.add("sql", "definition", DefinitionSql.stream(stream));
            rows.add("spark_plan", "stream", streams.explain(stream)
                    .orElse("no stream runtime in this gateway (streams run on the embedded engine), so no Spark plan"));
            return rows.result();
        }
        Job job = job(name).definition();
        rows.add("model", "job", ModelJson.write(job));
        CalciteFrontDoor frontDoor = new CalciteFrontDoor();
        for (int i = 0; i < job.body().size(); i++) {
            String step = "step " + (i + 1);
            String statement = job.body().get(i);
            rows.add(step, "sql", statement);
            frontDoor.translateForSpark(statement).filter(translated -> !translated.equals(statement))
                    .ifPresent(translated -> rows.add(step, "spark_sql_translation", translated));
            rows.add(step, "spark_plan", sparkPlan(statement, session));
        }
        lineage(rows, job, session);
        return rows.result();
    }

    private void lineage(Rows rows, Job job, SessionContext session)
    {
        for (int i = 0; i < job.body().size(); i++) {
            for (Lineage.ColumnLineage column : lineage.of(job.body().get(i), session)) {
                rows.add("lineage", column.target(), String.join(", ", column.sources()));
            }
        }
    }

    /** Spark's own plan of a statement, from the engine, without running it. */
    private String sparkPlan(String statement, SessionContext session)
    {
        try (PreparedSql explain = session.engineSession().prepare("EXPLAIN EXTENDED " + statement);
                ResultStream stream = explain.executeQuery("explain-" + java.util.UUID.randomUUID(), allocator)) {
            StringBuilder text = new StringBuilder();
            try (VectorSchemaRoot root = VectorSchemaRoot.create(stream.schema(), allocator)) {
                VectorLoader loader = new VectorLoader(root);
                for (ArrowRecordBatch next = stream.next(); next != null; next = stream.next()) {
                    try (ArrowRecordBatch batch = next) {
                        loader.load(batch);
                        FieldVector vector = root.getVector(0);
                        for (int row = 0; row < root.getRowCount(); row++) {
                            if (!vector.isNull(row)) {
                                text.append(new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            }
            return text.toString();
        }
        catch (SqlServiceException e) {
            return "(Spark cannot plan this statement now: SQLSTATE " + e.sqlState() + ": " + e.getMessage() + ")";
        }
    }

    private Stored<Job> job(String name)
            throws SqlServiceException
    {
        return database.jobs().find(name).orElseThrow(() -> StatementErrors.undefined("job " + name));
    }

    private Stored<Stream> stream(String name)
            throws SqlServiceException
    {
        return database.streams().find(name).orElseThrow(() -> StatementErrors.undefined("stream " + name));
    }

    private static final class Rows
    {
        private final List<Object[]> rows = new ArrayList<>();

        void add(String section, String name, String value)
        {
            rows.add(new Object[] {section, name, value});
        }

        LocalResult result()
        {
            return new LocalResult(PROPERTY_COLUMNS, rows);
        }
    }
}
