package dev.sparkjobs.gateway.statements;

import dev.sparkjobs.gateway.metastore.Run;
import java.util.List;

/** The columns a statement that starts, waits for or cancels runs returns: one row per run. */
final class RunRows
{
    static final List<LocalResult.Column> COLUMNS = List.of(
            new LocalResult.Column("run_id", LocalResult.Type.STRING),
            new LocalResult.Column("job", LocalResult.Type.STRING),
            new LocalResult.Column("state", LocalResult.Type.STRING),
            new LocalResult.Column("attempt", LocalResult.Type.INT),
            new LocalResult.Column("trigger_kind", LocalResult.Type.STRING),
            new LocalResult.Column("logical_date", LocalResult.Type.TIMESTAMP),
            new LocalResult.Column("started_at", LocalResult.Type.TIMESTAMP),
            new LocalResult.Column("finished_at", LocalResult.Type.TIMESTAMP),
            new LocalResult.Column("rows_written", LocalResult.Type.BIGINT),
            new LocalResult.Column("error_class", LocalResult.Type.STRING),
            new LocalResult.Column("error_message", LocalResult.Type.STRING),
            new LocalResult.Column("log_location", LocalResult.Type.STRING));

    private RunRows() {}

    static LocalResult of(List<Run> runs)
    {
        return new LocalResult(COLUMNS, runs.stream().map(RunRows::row).toList());
    }

    private static Object[] row(Run run)
    {
        return new Object[] {
                run.runId(), run.jobName(), run.state().name(), run.attempt(), run.trigger().name(), run.logicalDate().orElse(null),
                run.startedAt().orElse(null), run.finishedAt().orElse(null), run.rowsWritten().isPresent() ? run.rowsWritten().getAsLong() : null,
                run.errorClass().orElse(null), run.errorMessage().orElse(null), run.logLocation().orElse(null)};
    }
}
