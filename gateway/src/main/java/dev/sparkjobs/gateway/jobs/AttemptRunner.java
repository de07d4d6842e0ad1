package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.gateway.engines.RunLease;
import dev.sparkjobs.pool.Engine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Runs one attempt of a run on the engine it leased: the job's statements in order, in one engine session with the job's
 * {@code spark.sql.*} settings, under one operation id (the Spark job group). {@code ${name}} in
 * the statements is replaced by the run's parameters ({@code logical_date}, {@code run_id},
 * {@code job}, and {@code RUN JOB ... WITH} values). Everything the attempt does is written to its
 * log under {@code <data>/runs/<job>/<run>/attempt-<n>.log}, kept after the engine is gone.
 */
final class AttemptRunner
{
    private static final Pattern PARAMETER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}");

    private final Path runsDirectory;
    private final BufferAllocator allocator;
    private final Clock clock;

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

    Outcome run(RunLease lease, Job job, ActiveRun active, int attempt, Map<String, String> parameters)
            throws SqlServiceException
    {
        Engine engine = lease.engine();
        Path log = logFile(job.name(), active.runId(), attempt);
        try {
            Files.createDirectories(log.getParent());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                SqlSession session = engine.sqlService().openSession("job:" + job.name(), Map.of())) {
            line(out, "run " + active.runId() + " attempt " + attempt + " of job " + job.name() + " v" + job.version() + " on engine " + engine.id()
                    + " (" + engine.provider() + ", pool " + lease.pool() + ", Spark application " + engine.sparkApplicationId() + "; lease took "
                    + lease.waited().toMillis() + " ms)");
            for (Map.Entry<String, String> option : job.options().entrySet()) {
                if (option.getKey().toLowerCase(Locale.ROOT).startsWith("spark.sql.")) {
                    session.setOption(option.getKey(), option.getValue());
                    line(out, "SET " + option.getKey() + " = " + option.getValue());
                }
            }
            active.attach(session);
            long written = 0;
            long returned = 0;
            int step = 0;
            for (String statement : job.body()) {
                step++;
                String sql = substitute(statement, parameters);
                line(out, "step " + step + ": " + sql);
                long start = System.nanoTime();
                try (PreparedSql prepared = session.prepare(sql)) {
                    if (prepared.schema().getFields().isEmpty()) {
                        long count = prepared.executeUpdate(active.operationId());
                        written += Math.max(0, count);
                        line(out, String.format(Locale.ROOT, "step %d: %d rows written in %d ms", step, count, (System.nanoTime() - start) / 1_000_000));
                    }
                    else {
                        long rows = drain(prepared, active.operationId());
                        returned += rows;
                        line(out, String.format(Locale.ROOT, "step %d: %d rows returned in %d ms", step, rows, (System.nanoTime() - start) / 1_000_000));
                    }
                }
                catch (SqlServiceException e) {
                    line(out, "step " + step + " failed: SQLSTATE " + e.sqlState() + ": " + e.getMessage());
                    StringWriter trace = new StringWriter();
                    e.printStackTrace(new PrintWriter(trace));
                    out.write(trace.toString());
                    throw e;
                }
                if (active.stopReason().isPresent()) {
                    throw new SqlServiceException(SqlServiceException.QUERY_CANCELED, "run " + active.runId() + " was stopped: " + active.stopReason().get());
                }
            }
            line(out, "done: " + written + " rows written, " + returned + " rows returned");
            return new Outcome(written, returned);
        }
        catch (IOException e) {
            throw new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "writing the run log " + log + " failed: " + e.getMessage(), e);
        }
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

    private void line(Writer out, String text)
            throws IOException
    {
        out.write(clock.instant() + " " + text + "\n");
        out.flush();
    }

    private static String safe(String name)
    {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
