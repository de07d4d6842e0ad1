package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.flight.OperationProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hive.service.rpc.thrift.TJobExecutionStatus;
import org.apache.hive.service.rpc.thrift.TProgressUpdateResp;

/** An operation's progress as the Hive JDBC driver and beeline read it: one row per stage. */
final class ProgressReport
{
    static final List<String> HEADERS = List.of("STAGES", "STATUS", "TOTAL", "COMPLETED", "RUNNING", "PENDING", "FAILED", "");

    private ProgressReport() {}

    static TProgressUpdateResp toThrift(OperationProgress progress, boolean done, long startedMillis)
    {
        List<List<String>> rows = new ArrayList<>();
        for (OperationProgress.Stage stage : progress.stages()) {
            int pending = Math.max(0, stage.totalTasks() - stage.completedTasks() - stage.runningTasks());
            String status = stage.done() ? "SUCCEEDED" : stage.runningTasks() > 0 ? "RUNNING" : "PENDING";
            rows.add(List.of(stage.name(), status, Integer.toString(stage.totalTasks()), Integer.toString(stage.completedTasks()),
                    Integer.toString(stage.runningTasks()), Integer.toString(pending), Integer.toString(stage.failedTasks()), ""));
        }
        String footer = String.format(Locale.ROOT, "STAGES: %02d/%02d", progress.completedStages(), progress.stages().size());
        return new TProgressUpdateResp(HEADERS, rows, progress.fraction(), done ? TJobExecutionStatus.COMPLETE : TJobExecutionStatus.IN_PROGRESS,
                footer, startedMillis);
    }
}
