package dev.sparkjobs.gateway.metastore;

/**
 * What an attempt did on Spark, summed over the jobs of its Spark job group: stages and tasks that
 * ended, the executors' run time of those tasks, bytes read from inputs and written to outputs.
 */
public record RunMetrics(int stages, long tasks, long executorMillis, long bytesRead, long bytesWritten)
{
    public static final RunMetrics NONE = new RunMetrics(0, 0, 0, 0, 0);

    public double executorSeconds()
    {
        return executorMillis / 1000.0;
    }
}
