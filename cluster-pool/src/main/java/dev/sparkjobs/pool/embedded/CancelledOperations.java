package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Cancels operations (Spark job groups) on one engine. {@code cancelJobGroup} stops only the jobs
 * running at that moment, but a query may start jobs after it: adaptive execution submits its
 * stages one after another, and a cancel may arrive while a statement is still being planned. So
 * the most recently cancelled groups are remembered, and a job that starts in one of them is
 * cancelled as it starts.
 */
final class CancelledOperations
        extends SparkListener
{
    private static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";
    private static final int REMEMBERED = 1024;

    private final SparkContext context;
    private final Set<String> cancelled = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>()
    {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest)
        {
            return size() > REMEMBERED;
        }
    }));

    private CancelledOperations(SparkContext context)
    {
        this.context = requireNonNull(context, "context is null");
    }

    static CancelledOperations register(SparkContext context)
    {
        CancelledOperations operations = new CancelledOperations(context);
        context.addSparkListener(operations);
        return operations;
    }

    void cancel(String operationId)
    {
        cancelled.add(operationId);
        context.cancelJobGroup(operationId);
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart)
    {
        Properties properties = jobStart.properties();
        String group = properties == null ? null : properties.getProperty(JOB_GROUP_PROPERTY);
        if (group != null && cancelled.contains(group)) {
            context.cancelJob(jobStart.jobId());
        }
    }
}
