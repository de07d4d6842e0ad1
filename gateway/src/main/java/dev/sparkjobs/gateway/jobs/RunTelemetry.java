package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.gateway.metastore.RunMetrics;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.ThreadContext;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an attempt does on Spark, watched through its Spark job group (one per attempt): a
 * SparkListener sums the stages, tasks, executor run time and bytes read and written of the
 * group's jobs, and {@link DriverLogCapture} copies the log lines of the attempt's threads and
 * tasks into its log. Works on engines whose SparkContext is in this JVM (the embedded engine);
 * on others an attempt is not measured.
 */
final class RunTelemetry
{
    private static final Logger log = LoggerFactory.getLogger(RunTelemetry.class);
    private static final String JOB_GROUP = "spark.jobGroup.id";

    private final Map<SparkContext, GroupListener> listeners = new ConcurrentHashMap<>();

    /** What was measured, and the Spark UI page of the attempt's first job when the engine has a UI. */
    record Measured(RunMetrics metrics, Optional<String> sparkUiUrl) {}

    /** An attempt being watched, from {@link #watch} until {@link #end}. */
    interface Watch
    {
        /** Stops watching; the measurements once Spark's listener bus has delivered the group's events. */
        Optional<Measured> end();
    }

    /** Starts watching the attempt that runs on the calling thread under {@code jobGroup}. */
    Watch watch(Engine engine, String jobGroup, RunLog runLog)
    {
        requireNonNull(jobGroup, "jobGroup is null");
        if (!(engine instanceof EmbeddedEngine embedded)) {
            return Optional::empty;
        }
        SparkContext context = embedded.spark().sparkContext();
        GroupListener listener = listeners.computeIfAbsent(context, created -> {
            GroupListener added = new GroupListener();
            created.addSparkListener(added);
            return added;
        });
        DriverLogCapture.install();
        Counters counters = listener.open(jobGroup);
        DriverLogCapture.route(jobGroup, runLog);
        ThreadContext.put(DriverLogCapture.KEY, jobGroup);
        context.setLocalProperty(DriverLogCapture.KEY, jobGroup);
        return () -> {
            context.setLocalProperty(DriverLogCapture.KEY, null);
            ThreadContext.remove(DriverLogCapture.KEY);
            try {
                // Events reach listeners asynchronously: wait until the bus has delivered what the group's jobs posted.
                context.listenerBus().waitUntilEmpty(10_000);
            }
            catch (TimeoutException e) {
                log.warn("Spark's listener bus did not drain in 10 s: the metrics of {} may be short", jobGroup);
            }
            finally {
                DriverLogCapture.unroute(jobGroup);
                listener.close(jobGroup);
            }
            Optional<String> ui = embedded.sparkUiUrl().map(base -> uiLink(base, counters.firstJob()));
            return Optional.of(new Measured(counters.metrics(), ui));
        };
    }

    /** Takes the listeners off the engines (a gateway stopping on an engine that outlives it). */
    void close()
    {
        listeners.forEach((context, listener) -> context.removeSparkListener(listener));
        listeners.clear();
    }

    /** The Spark UI page of a job, or the jobs page when the attempt ran none. */
    static String uiLink(String base, OptionalInt firstJob)
    {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return firstJob.isPresent() ? root + "/jobs/job/?id=" + firstJob.getAsInt() : root + "/jobs/";
    }

    /** Sums of one job group. Updated on Spark's listener thread, read after it drained. */
    static final class Counters
    {
        private int stages;
        private long tasks;
        private long executorMillis;
        private long bytesRead;
        private long bytesWritten;
        private int firstJob = -1;

        synchronized RunMetrics metrics()
        {
            return new RunMetrics(stages, tasks, executorMillis, bytesRead, bytesWritten);
        }

        synchronized OptionalInt firstJob()
        {
            return firstJob < 0 ? OptionalInt.empty() : OptionalInt.of(firstJob);
        }

        synchronized void job(int jobId)
        {
            if (firstJob < 0 || jobId < firstJob) {
                firstJob = jobId;
            }
        }

        synchronized void stage()
        {
            stages++;
        }

        synchronized void task(TaskMetrics metrics)
        {
            tasks++;
            if (metrics != null) {
                executorMillis += metrics.executorRunTime();
                bytesRead += metrics.inputMetrics().bytesRead();
                bytesWritten += metrics.outputMetrics().bytesWritten();
            }
        }
    }

    /** Follows the job groups being watched, and nothing else: stages are mapped to their group when submitted. */
    private static final class GroupListener
            extends SparkListener
    {
        private final Map<String, Counters> groups = new ConcurrentHashMap<>();
        private final Map<Integer, Counters> stages = new ConcurrentHashMap<>();
        private final Map<String, java.util.Set<Integer>> stagesOfGroup = new ConcurrentHashMap<>();

        Counters open(String group)
        {
            Counters counters = new Counters();
            groups.put(group, counters);
            stagesOfGroup.put(group, ConcurrentHashMap.newKeySet());
            return counters;
        }

        void close(String group)
        {
            groups.remove(group);
            java.util.Set<Integer> ids = stagesOfGroup.remove(group);
            if (ids != null) {
                ids.forEach(stages::remove);
            }
        }

        private Counters of(Properties properties)
        {
            if (properties == null || groups.isEmpty()) {
                return null;
            }
            String group = properties.getProperty(JOB_GROUP);
            return group == null ? null : groups.get(group);
        }

        @Override
        public void onJobStart(SparkListenerJobStart event)
        {
            Counters counters = of(event.properties());
            if (counters != null) {
                counters.job(event.jobId());
            }
        }

        @Override
        public void onStageSubmitted(SparkListenerStageSubmitted event)
        {
            Counters counters = of(event.properties());
            if (counters != null) {
                int stageId = event.stageInfo().stageId();
                stages.put(stageId, counters);
                String group = event.properties().getProperty(JOB_GROUP);
                java.util.Set<Integer> ids = stagesOfGroup.get(group);
                if (ids != null) {
                    ids.add(stageId);
                }
            }
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted event)
        {
            Counters counters = stages.get(event.stageInfo().stageId());
            if (counters != null) {
                counters.stage();
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd event)
        {
            Counters counters = stages.get(event.stageId());
            if (counters != null) {
                counters.task(event.taskMetrics());
            }
        }
    }
}
