package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How far a running operation has got: its stages, each with its tasks. Doors show it as they
 * can (HiveServer2 as beeline's progress table).
 */
public record OperationProgress(List<Stage> stages)
{
    public OperationProgress
    {
        stages = List.copyOf(requireNonNull(stages, "stages is null"));
    }

    /** One stage of the work; {@code name} is for people ("Stage-3"). */
    public record Stage(String name, int totalTasks, int completedTasks, int runningTasks, int failedTasks)
    {
        public Stage
        {
            requireNonNull(name, "name is null");
        }

        public boolean done()
        {
            return completedTasks >= totalTasks;
        }
    }

    public int completedStages()
    {
        return (int) stages.stream().filter(Stage::done).count();
    }

    /** Completed tasks over all tasks, 0.0 to 1.0; 0 when nothing is known yet. */
    public double fraction()
    {
        long total = stages.stream().mapToLong(Stage::totalTasks).sum();
        long completed = stages.stream().mapToLong(Stage::completedTasks).sum();
        return total == 0 ? 0 : Math.min(1.0, (double) completed / total);
    }
}
