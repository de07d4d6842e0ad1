package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.planner.model.Identifiers;
import dev.sparkjobs.planner.model.LateDataPolicy;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.Watermark;
import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.validation.ModelError;
import dev.sparkjobs.planner.validation.ModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs continuous queries ({@code CREATE STREAM ... AS SELECT}) as Spark Structured Streaming
 * queries on one Spark session, each stream in a session of its own (its source streams are temp
 * views there), with its checkpoint under {@code <dataDir>/checkpoints/<stream>} unless
 * {@code 'checkpoint.location'} says otherwise. Every micro-batch and every end of a run reaches
 * the {@link StreamListener}. Errors carry a SQLSTATE ({@link ModelException},
 * {@link StreamRuntimeException}).
 */
public final class StreamRuntime
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(StreamRuntime.class);

    public enum StartFrom
    {
        /** Start over: a fresh checkpoint (and sink), the source from its beginning. */
        EARLIEST,
        /** Start over: a fresh checkpoint (and sink), the source from its end. */
        LATEST,
        /** Continue from the checkpoint: state, offsets and sink commits kept. */
        CHECKPOINT
    }

    public enum State
    {
        RUNNING, PAUSED, FINISHED, FAILED
    }

    public record StreamStatus(String name, State state, Optional<UUID> runId, Optional<String> error, String checkpoint)
    {
        public StreamStatus
        {
            requireNonNull(name, "name is null");
            requireNonNull(state, "state is null");
            requireNonNull(runId, "runId is null");
            requireNonNull(error, "error is null");
            requireNonNull(checkpoint, "checkpoint is null");
        }
    }

    /** Delta refuses to run without its session extension unless this check is off. */
    public static final String DELTA_REQUIRED_CONFS_CHECK = "spark.databricks.delta.requiredSparkConfsCheck.enabled";

    private final SparkSession spark;
    private final Path dataDirectory;
    private final StreamListener listener;
    private final ProgressRelay relay;
    private final Map<String, Entry> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stream-retries");
        thread.setDaemon(true);
        return thread;
    });

    private static final class Entry
    {
        final Stream stream;
        final Function<String, Optional<Stream>> sources;
        final StreamPlan plan;
        volatile StreamHandle handle;
        volatile State state = State.RUNNING;
        volatile Optional<String> error = Optional.empty();
        volatile boolean stopping;
        /** Retries since the last batch that completed (or since the stream was started by a statement). */
        volatile int retries;
        volatile boolean retryScheduled;
        /** A statement or the runtime's close stopped the stream: what its queries report then is no failure. */
        volatile boolean stopRequested;

        Entry(Stream stream, Function<String, Optional<Stream>> sources, StreamPlan plan, int retries)
        {
            this.stream = stream;
            this.sources = sources;
            this.plan = plan;
            this.retries = retries;
        }
    }

    public StreamRuntime(SparkSession spark, Path dataDirectory, StreamListener listener)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null").toAbsolutePath();
        this.listener = requireNonNull(listener, "listener is null");
        this.relay = new ProgressRelay(listener);
    }

    /** Starts a continuous query from its checkpoint (a new one if there is none). */
    public StreamHandle start(Stream stream, Function<String, Optional<Stream>> sourcesByName)
    {
        return start(stream, sourcesByName, StartFrom.CHECKPOINT);
    }

    public synchronized StreamHandle start(Stream stream, Function<String, Optional<Stream>> sourcesByName, StartFrom from)
    {
        return start(stream, sourcesByName, from, 0);
    }

    private synchronized StreamHandle start(Stream stream, Function<String, Optional<Stream>> sourcesByName, StartFrom from, int retries)
    {
        requireNonNull(stream, "stream is null");
        requireNonNull(sourcesByName, "sourcesByName is null");
        String key = Identifiers.key(stream.name());
        Entry running = streams.get(key);
        if (running != null && running.handle.isActive()) {
            throw new StreamRuntimeException("55000", "stream " + stream.name() + " is already running", null);
        }
        if (from != StartFrom.CHECKPOINT) {
            reset(stream, sourcesByName);
        }
        Optional<String> startingOffsets = switch (from) {
            case EARLIEST -> Optional.of("earliest");
            case LATEST -> Optional.of("latest");
            case CHECKPOINT -> Optional.empty();
        };
        StreamPlan plan = plan(stream, sourcesByName, startingOffsets);
        Entry entry = new Entry(stream, sourcesByName, plan, retries);
        entry.handle = launch(stream, plan, entry);
        streams.put(key, entry);
        return entry.handle;
    }

    /** Stops the stream; without {@code keepCheckpoint} its checkpoint is deleted too. */
    public synchronized void stop(String name, boolean keepCheckpoint)
    {
        Entry entry = streams.remove(Identifiers.key(name));
        if (entry == null) {
            throw unknown(name);
        }
        haltOnRequest(entry);
        if (!keepCheckpoint) {
            deleteCheckpoint(entry.stream);
        }
    }

    /** Stops the stream's queries and keeps its checkpoint: {@link #resume} continues from it. */
    public synchronized void pause(String name)
    {
        Entry entry = entry(name);
        haltOnRequest(entry);
        entry.state = State.PAUSED;
    }

    public synchronized StreamHandle resume(String name)
    {
        Entry entry = entry(name);
        if (entry.handle.isActive()) {
            throw new StreamRuntimeException("55000", "stream " + name + " is running, not paused", null);
        }
        return start(entry.stream, entry.sources, StartFrom.CHECKPOINT);
    }

    public synchronized StreamHandle restart(String name, StartFrom from)
    {
        Entry entry = entry(name);
        haltOnRequest(entry);
        return start(entry.stream, entry.sources, from);
    }

    /** The current run of a stream started here. */
    public StreamHandle handle(String name)
    {
        return entry(name).handle;
    }

    public Optional<StreamStatus> status(String name)
    {
        Entry entry = streams.get(Identifiers.key(name));
        if (entry == null) {
            return Optional.empty();
        }
        State state = entry.state;
        Optional<String> error = entry.error;
        if (state == State.RUNNING && !entry.handle.isActive()) {
            // Spark's termination event may still be on its way: the queries say how the run ended.
            Optional<String> failure = entry.handle.queries().stream()
                    .filter(query -> query.exception().isDefined())
                    .map(query -> query.exception().get().getMessage())
                    .findFirst();
            state = failure.isPresent() ? State.FAILED : State.FINISHED;
            Optional<String> recorded = error;
            error = failure.or(() -> recorded);
        }
        return Optional.of(new StreamStatus(entry.stream.name(), state, Optional.of(entry.handle.runId()), error, checkpoint(entry.stream)));
    }

    /** The Spark SQL the stream runs and Spark's plans for it (parsed, analyzed, optimized, physical). */
    public String explain(Stream stream, Function<String, Optional<Stream>> sourcesByName)
    {
        StreamPlan plan = plan(stream, sourcesByName, Optional.empty());
        StringBuilder text = new StringBuilder();
        text.append("== Spark SQL ==\n").append(plan.compiled().sql()).append('\n');
        plan.compiled().window().ifPresent(window -> text.append("== Window ==\n").append(window).append('\n'));
        plan.lateRouting().ifPresent(router -> text.append("== Late data ==\nan ingest stage routes rows behind the watermark of ")
                .append(router.timeColumn()).append(" (delay ").append(router.delay()).append(") to the dead-letter table\n"));
        text.append(SparkPlans.explain(plan.result()));
        return text.toString();
    }

    /**
     * Refuses {@code ALTER STREAM ... AS query KEEP STATE} when the changed query cannot take over
     * the state in the checkpoint: another window, other grouping keys, other aggregate functions.
     * A change of the projection or of a filter before the aggregation passes.
     */
    public void checkKeepState(Stream old, Stream changed, Function<String, Optional<Stream>> sourcesByName)
    {
        StatefulShape before = StatefulShape.of(plan(old, sourcesByName, Optional.empty()));
        StatefulShape after = StatefulShape.of(plan(changed, sourcesByName, Optional.empty()));
        Optional<String> problem = before.incompatibility(after);
        if (problem.isPresent()) {
            throw new ModelException(ModelError.INVALID_DEFINITION, "stream " + changed.name(), "KEEP STATE",
                    "the new query cannot continue from the checkpoint's state: " + problem.get() + "; use RESET STATE to start with fresh state");
        }
    }

    /** The rows of a stream writing to the preview ({@code 'format' = 'memory'}) sink. */
    public Dataset<Row> preview(String name)
    {
        Entry entry = entry(name);
        return entry.plan.session().table(StreamSources.quote(entry.stream.name()));
    }

    /** Where the stream keeps its checkpoint. */
    public String checkpoint(Stream stream)
    {
        StreamQuery query = query(stream);
        return StreamSources.option(query.options(), "checkpoint.location")
                .orElse(dataDirectory.resolve("checkpoints").resolve(Identifiers.key(stream.name())).toString());
    }

    @Override
    public synchronized void close()
    {
        retryTimer.shutdownNow();
        for (Entry entry : List.copyOf(streams.values())) {
            haltOnRequest(entry);
        }
        streams.clear();
    }

    private StreamHandle launch(Stream stream, StreamPlan plan, Entry entry)
    {
        StreamQuery query = query(stream);
        String checkpoint = checkpoint(stream);
        plan.session().streams().addListener(relay);
        try {
            if (plan.lateRouting().isEmpty()) {
                StreamingQuery sinkQuery = StreamSinks.start(stream.name(), query, plan, checkpoint + "/query", dataDirectory.toString());
                relay.register(sinkQuery, stream.name(), Optional.empty(), () -> terminated(entry, sinkQuery, true), () -> entry.retries = 0);
                return new StreamHandle(stream.name(), sinkQuery.runId(), Optional.empty(), CompletableFuture.completedFuture(sinkQuery));
            }
            LateDataRouter router = plan.lateRouting().get();
            LateDataRouter.createDeadLetterTable(plan.session(), query.lateData().table().orElseThrow());
            Dataset<Row> raw = ingestSource(stream, entry.sources, plan);
            var writer = raw.writeStream()
                    .queryName(stream.name() + "__ingest")
                    .option("checkpointLocation", router.ingestCheckpoint())
                    .foreachBatch((Dataset<Row> batch, Long batchId) -> router.process(batch, batchId));
            boolean availableNow = query.trigger().orElse(null) instanceof Trigger.AvailableNow;
            CompletableFuture<StreamingQuery> sink = new CompletableFuture<>();
            StreamingQuery ingest = StreamSinks.trigger(writer, query.trigger()).start();
            relay.register(ingest, stream.name(), Optional.of(router), () -> {
                ProgressRelay.Outcome outcome = terminated(entry, ingest, !availableNow);
                if (availableNow && ingest.exception().isEmpty() && !entry.stopping) {
                    // Not on Spark's listener thread: starting a query waits for Spark.
                    CompletableFuture.runAsync(() -> startSink(stream, query, plan, entry, checkpoint, sink));
                }
                return outcome;
            }, () -> entry.retries = 0);
            if (!availableNow) {
                startSink(stream, query, plan, entry, checkpoint, sink);
            }
            return new StreamHandle(stream.name(), ingest.runId(), Optional.of(ingest), sink);
        }
        catch (TimeoutException e) {
            throw new StreamRuntimeException("58000", "stream " + stream.name() + ": Spark did not start the query in time", e);
        }
    }

    private void startSink(Stream stream, StreamQuery query, StreamPlan plan, Entry entry, String checkpoint, CompletableFuture<StreamingQuery> sink)
    {
        try {
            StreamingQuery sinkQuery = StreamSinks.start(stream.name(), query, plan, checkpoint + "/query", dataDirectory.toString());
            relay.register(sinkQuery, stream.name(), Optional.empty(), () -> terminated(entry, sinkQuery, true), () -> entry.retries = 0);
            if (!sink.complete(sinkQuery)) {
                sinkQuery.stop();
            }
        }
        catch (TimeoutException | RuntimeException e) {
            sink.completeExceptionally(e);
            entry.state = State.FAILED;
            entry.error = Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** Records how a Spark query of the stream ended, and says what the listener should hear of it. */
    private ProgressRelay.Outcome terminated(Entry entry, StreamingQuery query, boolean last)
    {
        if (entry.stopRequested) {
            // Stopped by a statement or by close(): a batch interrupted on the way is no failure.
            return ProgressRelay.Outcome.STOPPED;
        }
        if (query.exception().isDefined()) {
            String message = String.valueOf(query.exception().get().getMessage());
            entry.state = State.FAILED;
            entry.error = Optional.of(message);
            if (!entry.stopping) {
                // One stage failed: the other has nothing to do alone.
                entry.stopping = true;
                CompletableFuture.runAsync(() -> halt(entry));
                return scheduleRetry(entry, query.runId(), message) ? ProgressRelay.Outcome.RETRYING : ProgressRelay.Outcome.AS_REPORTED;
            }
            return entry.retryScheduled ? ProgressRelay.Outcome.RETRYING : ProgressRelay.Outcome.AS_REPORTED;
        }
        if (last && !entry.stopping && entry.state == State.RUNNING) {
            entry.state = State.FINISHED;
        }
        return ProgressRelay.Outcome.AS_REPORTED;
    }

    /** {@code RETRY n [DELAY d] [BACKOFF ...]}: the failed run starts again from its checkpoint after the clause's delay. */
    private boolean scheduleRetry(Entry entry, UUID runId, String error)
    {
        Retry retry = query(entry.stream).retry();
        int next = entry.retries + 1;
        if (next > retry.count()) {
            return false;
        }
        Duration delay = retry.delayBefore(next);
        entry.retryScheduled = true;
        log.info("Stream {} failed; retry {} of {} from its checkpoint in {}: {}", entry.stream.name(), next, retry.count(), delay, error);
        try {
            listener.onRetrying(entry.stream.name(), runId, error, next, delay);
        }
        catch (RuntimeException e) {
            log.warn("The stream listener failed on the retry of stream {}", entry.stream.name(), e);
        }
        try {
            retryTimer.schedule(() -> retry(entry, runId, next), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException e) {
            return false;
        }
        return true;
    }

    private synchronized void retry(Entry entry, UUID failedRun, int retry)
    {
        String name = entry.stream.name();
        // Paused, dropped, restarted or changed meanwhile: that statement decided.
        if (streams.get(Identifiers.key(name)) != entry || entry.state != State.FAILED) {
            return;
        }
        try {
            halt(entry);
            start(entry.stream, entry.sources, StartFrom.CHECKPOINT, retry);
            log.info("Stream {} runs again from its checkpoint (retry {})", name, retry);
        }
        catch (RuntimeException e) {
            entry.error = Optional.of("retry " + retry + " did not start: " + e.getMessage());
            log.warn("Stream {}: {}", name, entry.error.get());
            listener.onTerminated(name, failedRun, entry.error);
        }
    }

    /** A statement (or close) stops the stream: nothing its queries report on the way out is a failure. */
    private void haltOnRequest(Entry entry)
    {
        entry.stopRequested = true;
        halt(entry);
    }

    private void halt(Entry entry)
    {
        entry.stopping = true;
        try {
            entry.handle.stop();
        }
        catch (TimeoutException e) {
            throw new StreamRuntimeException("57014", "stream " + entry.stream.name() + " did not stop in time", e);
        }
        if (entry.state == State.RUNNING) {
            entry.state = State.FINISHED;
        }
    }

    /** The source of the ingest stage: the window's source stream, read as declared. */
    private Dataset<Row> ingestSource(Stream stream, Function<String, Optional<Stream>> sources, StreamPlan plan)
    {
        String input = lateInput(stream, sources, plan.compiled()).orElseThrow();
        StreamSource source = (StreamSource) sources.apply(input).orElseThrow().definition();
        return StreamSources.read(plan.session(), input, source, plan.startingOffsets(), Optional.empty());
    }

    StreamPlan plan(Stream stream, Function<String, Optional<Stream>> sources, Optional<String> startingOffsets)
    {
        StreamQuery query = query(stream);
        CompiledQuery compiled = WindowCompiler.compile(stream.name(), query.query(), query.window());
        SparkSession session = spark.newSession();
        // 'spark.*' settings of the stream apply to its session (shuffle partitions, state store, ...).
        for (Map.Entry<String, String> option : query.options().entrySet()) {
            if (lower(option.getKey()).startsWith("spark.")) {
                session.conf().set(option.getKey(), option.getValue());
            }
        }
        session.conf().set("spark.sql.sources.partitionOverwriteMode", "dynamic");
        // Delta sinks are written by path: Delta's SQL extension and catalog are not needed for that.
        session.conf().set(DELTA_REQUIRED_CONFS_CHECK, "false");
        Optional<Duration> grace = query.window().flatMap(clause -> grace(clause.window()));
        Optional<String> lateInput = Optional.empty();
        Optional<LateDataRouter> router = Optional.empty();
        if (query.lateData().action() == LateDataPolicy.Action.INTO) {
            lateInput = Optional.of(lateInput(stream, sources, compiled).orElseThrow(() -> StreamErrors.invalid(stream.name(), "LATE DATA INTO",
                    "late data needs the query to read one source stream with a WATERMARK (or a window GRACE PERIOD)")));
        }
        for (String input : inputs(query, compiled)) {
            Optional<StreamSource> source = sources.apply(input).filter(Stream::isSource).map(found -> (StreamSource) found.definition());
            if (source.isEmpty()) {
                continue;
            }
            Optional<Watermark> fallback = compiled.window().flatMap(window -> grace.map(delay -> new Watermark(window.timeColumn(), delay)));
            Dataset<Row> rows;
            if (lateInput.isPresent() && Identifiers.key(lateInput.get()).equals(Identifiers.key(input))) {
                Watermark watermark = source.get().watermark().or(() -> fallback)
                        .orElseThrow(() -> StreamErrors.invalid(stream.name(), "LATE DATA INTO", "late data needs a WATERMARK on " + input + " or a window GRACE PERIOD"));
                String timeColumn = compiled.window().map(WindowSpec::timeColumn).orElse(watermark.column());
                if (!Identifiers.key(timeColumn).equals(Identifiers.key(watermark.column()))) {
                    throw StreamErrors.unsupported(stream.name(), "LATE DATA INTO", "the window's time column " + timeColumn + " is not the watermark's column " + watermark.column());
                }
                LateDataRouter late = new LateDataRouter(stream.name(), StreamSources.schemaOf(source.get()), compiled.window(), watermark.column(), watermark.delay(),
                        query.lateData().table().orElseThrow(), checkpoint(stream));
                mkdirs(session, late.stagingDirectory());
                rows = session.readStream().schema(late.stagingSchema()).parquet(late.stagingDirectory())
                        .drop(LateDataRouter.BATCH_COLUMN)
                        .withWatermark(watermark.column(), StreamSources.interval(watermark.delay()));
                router = Optional.of(late);
            }
            else {
                rows = StreamSources.read(session, input, source.get(), startingOffsets, fallback);
            }
            rows.createOrReplaceTempView(StreamSources.quote(input));
        }
        Dataset<Row> result = session.sql(compiled.sql());
        boolean stateful = !SparkPlans.aggregates(SparkPlans.analyzed(result)).isEmpty();
        return new StreamPlan(session, compiled, result, stateful, router, startingOffsets);
    }

    private static Optional<String> lateInput(Stream stream, Function<String, Optional<Stream>> sources, CompiledQuery compiled)
    {
        List<String> sourceInputs = inputs(query(stream), compiled).stream()
                .filter(input -> sources.apply(input).map(Stream::isSource).orElse(false))
                .toList();
        if (compiled.windowSource().isPresent() && sourceInputs.stream().anyMatch(input -> Identifiers.key(input).equals(Identifiers.key(compiled.windowSource().get())))) {
            return compiled.windowSource();
        }
        return sourceInputs.size() == 1 ? Optional.of(sourceInputs.get(0)) : Optional.empty();
    }

    private static List<String> inputs(StreamQuery query, CompiledQuery compiled)
    {
        Set<String> inputs = new LinkedHashSet<>(query.inputs());
        compiled.windowSource().ifPresent(inputs::add);
        return new ArrayList<>(inputs);
    }

    private static Optional<Duration> grace(Window window)
    {
        if (window instanceof Window.Tumbling tumbling) {
            return tumbling.grace();
        }
        if (window instanceof Window.Hopping hopping) {
            return hopping.grace();
        }
        if (window instanceof Window.Session session) {
            return session.grace();
        }
        return Optional.empty();
    }

    /** A fresh start: the checkpoint goes, and a table sink is emptied (its commit log belongs to the old checkpoint). */
    private void reset(Stream stream, Function<String, Optional<Stream>> sources)
    {
        deleteCheckpoint(stream);
        StreamQuery query = query(stream);
        String format = StreamSinks.format(query);
        if (List.of("parquet", "orc", "json", "csv").contains(format)) {
            spark.sql("DROP TABLE IF EXISTS " + StreamSinks.table(stream.name(), query));
        }
        else if (format.equals("delta")) {
            String path = StreamSources.option(query.options(), "path").orElse(dataDirectory + "/delta/" + StreamSinks.table(stream.name(), query));
            delete(path);
        }
    }

    private void deleteCheckpoint(Stream stream)
    {
        delete(checkpoint(stream));
    }

    private void delete(String location)
    {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            fs.delete(path, true);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + location, e);
        }
    }

    private static void mkdirs(SparkSession session, String location)
    {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
            path.getFileSystem(session.sparkContext().hadoopConfiguration()).mkdirs(path);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create " + location, e);
        }
    }

    private static StreamQuery query(Stream stream)
    {
        if (!(stream.definition() instanceof StreamQuery query)) {
            throw new StreamRuntimeException("0A000", "stream " + stream.name() + " is a source: it runs as part of the continuous queries that read it", null);
        }
        return query;
    }

    private Entry entry(String name)
    {
        Entry entry = streams.get(Identifiers.key(name));
        if (entry == null) {
            throw unknown(name);
        }
        return entry;
    }

    private static StreamRuntimeException unknown(String name)
    {
        return new StreamRuntimeException("42704", "stream " + name + " is not running here", null);
    }

    static String lower(String text)
    {
        return text.toLowerCase(Locale.ROOT);
    }
}
