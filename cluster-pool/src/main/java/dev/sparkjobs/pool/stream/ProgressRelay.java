package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark's query listener, turned into {@link StreamProgress} records and termination events for
 * the runtime's {@link StreamListener}. Each Spark run is registered with its stream name (and
 * the late-data router whose counts it reports) when it starts; events of other queries pass by.
 */
final class ProgressRelay
        extends StreamingQueryListener
{
    private static final Logger log = LoggerFactory.getLogger(ProgressRelay.class);

    private final StreamListener listener;
    private final Map<UUID, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, Run> runsByQueryName = new ConcurrentHashMap<>();

    /** How the runtime took the end of a Spark query: what the listener hears of it. */
    enum Outcome
    {
        /** Ended as Spark says, with its error if it failed. */
        AS_REPORTED,
        /** Stopped on request: an error is the interrupted batch's, not a failure. */
        STOPPED,
        /** Failed and retried: the runtime has told the listener itself. */
        RETRYING
    }

    record Run(String stream, Optional<LateDataRouter> router, Supplier<Outcome> onTerminated, Runnable onBatch) {}

    ProgressRelay(StreamListener listener)
    {
        this.listener = requireNonNull(listener, "listener is null");
    }

    /**
     * Spark may report the first batch before {@code start()} returns the query to be registered:
     * progress is matched by run id, else by the query's name (the stream's, unique while it runs).
     */
    void register(StreamingQuery query, String stream, Optional<LateDataRouter> router, Supplier<Outcome> onTerminated, Runnable onBatch)
    {
        Run run = new Run(stream, router, onTerminated, onBatch);
        runs.put(query.runId(), run);
        runsByQueryName.put(query.name(), run);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryIdle(QueryIdleEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event)
    {
        StreamingQueryProgress progress = event.progress();
        Run run = runs.get(progress.runId());
        if (run == null && progress.name() != null) {
            run = runsByQueryName.get(progress.name());
        }
        if (run == null) {
            return;
        }
        try {
            run.onBatch().run();
            listener.onProgress(toRecord(run, progress));
        }
        catch (RuntimeException e) {
            log.warn("The stream listener failed on progress of stream {}", run.stream(), e);
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event)
    {
        Run run = runs.remove(event.runId());
        if (run == null) {
            return;
        }
        try {
            Outcome outcome = run.onTerminated().get();
            if (outcome == Outcome.RETRYING) {
                return;
            }
            Optional<String> error = outcome == Outcome.STOPPED ? Optional.empty() : Optional.ofNullable(event.exception().getOrElse(() -> null));
            listener.onTerminated(run.stream(), event.runId(), error);
        }
        catch (RuntimeException e) {
            log.warn("The stream listener failed on termination of stream {}", run.stream(), e);
        }
    }

    static StreamProgress toRecord(Run run, StreamingQueryProgress progress)
    {
        Instant recordedAt = Instant.parse(progress.timestamp());
        Optional<Instant> watermark = Optional.ofNullable(progress.eventTime().get("watermark")).map(Instant::parse);
        Optional<Instant> maxEventTime = Optional.ofNullable(progress.eventTime().get("max")).map(Instant::parse);
        long stateRows = 0;
        long stateBytes = 0;
        long dropped = 0;
        for (StateOperatorProgress operator : progress.stateOperators()) {
            stateRows += operator.numRowsTotal();
            stateBytes += operator.memoryUsedBytes();
            dropped += operator.numRowsDroppedByWatermark();
        }
        long lateRows = run.router().flatMap(router -> router.lateRows(progress.batchId())).orElse(dropped);
        Long duration = progress.durationMs().get("triggerExecution");
        return new StreamProgress(
                run.stream(),
                progress.runId(),
                progress.batchId(),
                recordedAt,
                progress.numInputRows(),
                finite(progress.inputRowsPerSecond()),
                finite(progress.processedRowsPerSecond()),
                duration == null ? 0 : duration,
                watermark,
                lateRows,
                stateRows,
                stateBytes,
                maxEventTime.map(max -> Math.max(0, recordedAt.toEpochMilli() - max.toEpochMilli())));
    }

    private static double finite(double value)
    {
        return Double.isFinite(value) ? value : 0;
    }
}
