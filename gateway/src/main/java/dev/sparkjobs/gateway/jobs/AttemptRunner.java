package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.gateway.metastore.RunMetrics;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.gateway.engines.RunLease;
import dev.sparkjobs.pool.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Runs one attempt of a run on the engine it leased: the job's statements in order, in one engine session with the job's
 * {@code spark.sql.*} settings, under one operation id (the Spark job group). {@code ${name}} in
 * the statements is replaced by the run's parameters ({@code logical_date}, {@code run_id},
 * {@code job}, and {@code RUN JOB ... WITH} values). Everything the attempt does is written to its
 * log under {@code <data>/runs/<job>/<run>/attempt-<n>.log}, kept after the engine is gone, with
 * the Spark log lines of the attempt's work and its Spark metrics ({@link RunTelemetry}).
 */
final class AttemptRunner
{
    /** Spark log lines kept per attempt; the runner's own lines are always kept. */
    static final long CAPTURE_LIMIT_BYTES = 4L * 1024 * 1024;
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}");

    private final Path runsDirectory;
    private final BufferAllocator allocator;
    private final Clock clock;
    private final RunTelemetry telemetry = new RunTelemetry();

    AttemptRunner(Path runsDirectory, BufferAllocator allocator, Clock clock)
    {
        this.runsDirectory = requireNonNull(runsDirectory, "runsDirectory is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    record Outcome(long rowsWritten, long rowsReturned) {}

    Path logFile(String jobName, String runId, int attempt)
    {
        return runsDirectory.resolve(safe(jobName)).resolve(runId).resolve("attempt-" + attempt + ".log");
    }

    /** What an attempt reports besides its outcome, as it learns it (also when the attempt then fails). */
    interface Reports
    {
        void measured(RunTelemetry.Measured measured);

        void expectations(String results);

        void previews(List<SampleMode.Preview> previews);
    }

    /**
     * Runs the attempt; with {@code sampleRows}, in test mode ({@link SampleMode}): sampled inputs,
     * scratch outputs, previews reported.
     */
    Outcome run(RunLease lease, Job job, ActiveRun active, int attempt, Map<String, String> parameters, OptionalLong sampleRows, Reports reports)
            throws SqlServiceException
    {
        Engine engine = lease.engine();
        Path path = logFile(job.name(), active.runId(), attempt);
        RunLog log;
        try {
            log = new RunLog(path, clock, CAPTURE_LIMIT_BYTES);
        }
        catch (IOException e) {
            throw new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "opening the run log " + path + " failed: " + e.getMessage(), e);
        }
        RunTelemetry.Watch watch = null;
        try (RunLog out = log; SqlSession session = engine.sqlService().openSession("job:" + job.name(), Map.of())) {
            out.line("run " + active.runId() + " attempt " + attempt + " of job " + job.name() + " v" + job.version() + " on engine " + engine.id()
                    + " (" + engine.provider() + ", pool " + lease.pool() + ", Spark application " + engine.sparkApplicationId() + ", job group "
                    + active.operationId() + "; lease took " + lease.waited().toMillis() + " ms)");
            for (Map.Entry<String, String> option : job.options().entrySet()) {
                if (option.getKey().toLowerCase(Locale.ROOT).startsWith("spark.sql.")) {
                    session.setOption(option.getKey(), option.getValue());
                    out.line("SET " + option.getKey() + " = " + option.getValue());
                }
            }
            active.attach(session);
            watch = telemetry.watch(engine, active.operationId(), out);
            try {
                SampleMode sample = sampleRows.isPresent()
                        ? new SampleMode(session, active.operationId(), allocator, out, sampleRows.getAsLong(), active.runId())
                        : null;
                Outcome outcome = steps(session, job, active, parameters, out, sample, reports);
                out.line("done: " + outcome.rowsWritten() + " rows written, " + outcome.rowsReturned() + " rows returned");
                return outcome;
            }
            finally {
                RunTelemetry.Watch ending = watch;
                watch = null;
                long drain = System.nanoTime();
                Optional<RunTelemetry.Measured> result = ending.end();
                if (result.isPresent()) {
                    RunMetrics metrics = result.get().metrics();
                    out.line(String.format(Locale.ROOT, "spark: %d stages, %d tasks, %.3f executor-seconds, %d bytes read, %d bytes written; "
                                    + "%d bytes of Spark log kept; listener bus drained in %d ms",
                            metrics.stages(), metrics.tasks(), metrics.executorSeconds(), metrics.bytesRead(), metrics.bytesWritten(), out.capturedBytes(),
                            (System.nanoTime() - drain) / 1_000_000));
                    reports.measured(result.get());
                }
            }
        }
        catch (IOException e) {
            throw new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "writing the run log " + path + " failed: " + e.getMessage(), e);
        }
        finally {
            if (watch != null) {
                watch.end();
            }
        }
    }

    private Outcome steps(SqlSession session, Job job, ActiveRun active, Map<String, String> parameters, RunLog out, SampleMode sample, Reports reports)
            throws SqlServiceException, IOException
    {
        long written = 0;
        long returned = 0;
        int step = 0;
        // The job's output table, for its expectations: what its last writing statement wrote.
        Optional<List<String>> output = Optional.empty();
        for (String statement : job.body()) {
            step++;
            String sql = substitute(statement, parameters);
            out.line("step " + step + ": " + sql);
            if (!job.expectations().isEmpty()) {
                output = outputAfter(sql, output);
            }
            String run = sample == null ? sql : sample.rewrite(sql, step);
            if (!run.equals(sql)) {
                out.line("step " + step + " in test mode: " + run);
            }
            long start = System.nanoTime();
            try (PreparedSql prepared = session.prepare(run)) {
                if (prepared.schema().getFields().isEmpty()) {
                    long count = prepared.executeUpdate(active.operationId());
                    written += Math.max(0, count);
                    out.line(String.format(Locale.ROOT, "step %d: %d rows written in %d ms", step, count, (System.nanoTime() - start) / 1_000_000));
                }
                else if (sample != null) {
                    List<String> preview = SessionQueries.column(session, active.operationId(), allocator, run, SampleMode.MAX_PREVIEW_ROWS);
                    sample.queryPreview(step, preview);
                    returned += preview.size();
                    out.line(String.format(Locale.ROOT, "step %d: %d preview rows in %d ms", step, preview.size(), (System.nanoTime() - start) / 1_000_000));
                }
                else {
                    long rows = drain(prepared, active.operationId());
                    returned += rows;
                    out.line(String.format(Locale.ROOT, "step %d: %d rows returned in %d ms", step, rows, (System.nanoTime() - start) / 1_000_000));
                }
            }
            catch (SqlServiceException e) {
                out.line("step " + step + " failed: SQLSTATE " + e.sqlState() + ": " + e.getMessage());
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                out.raw(trace.toString());
                throw e;
            }
            if (sample != null) {
                sample.written(sql);
            }
            if (active.stopReason().isPresent()) {
                throw new SqlServiceException(SqlServiceException.QUERY_CANCELED, "run " + active.runId() + " was stopped: " + active.stopReason().get());
            }
        }
        if (!job.expectations().isEmpty()) {
            if (output.isEmpty()) {
                throw new JobRunException(JobRunException.EXPECTATION_FAILED, "23514", "job " + job.name() + " has expectations (CONSTRAINT ... EXPECT) but "
                        + "its last statement that writes does not say which table it writes: expectations are checked on the table of the job's last "
                        + "INSERT or CREATE TABLE ... AS");
            }
            String table = sample != null ? sample.scratchOf(output.get()).orElseThrow() : String.join(".", output.get());
            try {
                reports.expectations(new Expectations(session, active.operationId(), allocator, out).enforce(job.expectations(), table, SampleMode.DATABASE));
            }
            catch (Expectations.Failed e) {
                reports.expectations(e.results());
                out.line("expectations failed: " + e.getMessage());
                throw e;
            }
        }
        if (sample != null) {
            reports.previews(sample.previews());
        }
        return new Outcome(written, returned);
    }

    /** The output table once {@code sql} has run: its target when it writes one, nothing when it is a statement Calcite cannot read. */
    private static Optional<List<String>> outputAfter(String sql, Optional<List<String>> before)
    {
        try {
            JobStatement statement = JobStatement.analyse(sql);
            return statement.target().map(JobStatement.Target::name).or(() -> before);
        }
        catch (RuntimeException e) {
            // A temporary view writes no table; any other statement might, and then the output is unknown.
            return sql.strip().toUpperCase(Locale.ROOT).matches("(?s)CREATE\\s+(OR\\s+REPLACE\\s+)?(GLOBAL\\s+)?TEMP(ORARY)?\\s+VIEW.*") ? before : Optional.empty();
        }
    }

    /** Stops measuring: the engine may outlive the job manager. */
    void close()
    {
        telemetry.close();
    }

    private long drain(PreparedSql prepared, String operationId)
            throws SqlServiceException
    {
        long rows = 0;
        try (ResultStream stream = prepared.executeQuery(operationId, allocator)) {
            for (ArrowRecordBatch next = stream.next(); next != null; next = stream.next()) {
                try (ArrowRecordBatch batch = next) {
                    rows += batch.getLength();
                }
            }
        }
        return rows;
    }

    static String substitute(String statement, Map<String, String> parameters)
    {
        Matcher matcher = PARAMETER.matcher(statement);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = parameters.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(matcher.group(1)))
                    .map(Map.Entry::getValue).findFirst().orElse(matcher.group());
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static String safe(String name)
    {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
