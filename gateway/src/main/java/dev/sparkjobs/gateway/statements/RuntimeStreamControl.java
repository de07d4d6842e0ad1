package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.gateway.metastore.Alert;
import dev.sparkjobs.gateway.metastore.ChangeKind;
import dev.sparkjobs.gateway.metastore.MetadataDatabase;
import dev.sparkjobs.gateway.metastore.Stored;
import dev.sparkjobs.gateway.metastore.StreamRepository;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.translate.DefinitionSql;
import dev.sparkjobs.planner.validation.ModelException;
import dev.sparkjobs.pool.stream.StreamListener;
import dev.sparkjobs.pool.stream.StreamProgress;
import dev.sparkjobs.pool.stream.StreamRuntime;
import dev.sparkjobs.sql.TableReferences;
import dev.sparkjobs.sql.parser.ddl.stream.SqlAlterStream;
import dev.sparkjobs.sql.parser.ddl.stream.SqlAlterStreamAs;
import dev.sparkjobs.sql.parser.ddl.stream.SqlAlterStreamRestart;
import dev.sparkjobs.sql.parser.ddl.stream.SqlAlterStreamState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams on the engine's Structured Streaming runtime: a continuous query starts when it is
 * created, every micro-batch lands in {@code system.stream_progress}, ALTER pauses, resumes,
 * restarts or changes it (KEEP STATE only when the state is compatible), DROP stops it, and after
 * a gateway restart every stream that was running runs again from its checkpoint.
 */
public final class RuntimeStreamControl
        implements ExtendedStatements.StreamControl, StreamListener
{
    private static final Logger log = LoggerFactory.getLogger(RuntimeStreamControl.class);

    /** Where stream alerts go: the jobs' alert path ({@code system.alerts}, webhooks). */
    @FunctionalInterface
    public interface StreamAlerts
    {
        void raise(Alert.Kind kind, String stream, Optional<String> runId, String message, Map<String, Object> details);
    }

    private final MetadataDatabase database;
    private final StreamAlerts alerts;
    /** Streams whose lag is over their SLA MAX LAG: one alert per breach, raised again after the lag recovered. */
    private final Set<String> lagging = ConcurrentHashMap.newKeySet();
    private StreamRuntime runtime;

    public RuntimeStreamControl(MetadataDatabase database, StreamAlerts alerts)
    {
        this.database = requireNonNull(database, "database is null");
        this.alerts = requireNonNull(alerts, "alerts is null");
    }

    /** Binds the runtime (made with this object as its listener) and restarts what was running. */
    public void start(StreamRuntime runtime)
    {
        this.runtime = requireNonNull(runtime, "runtime is null");
        for (Stored<Stream> stream : database.streams().list()) {
            if (stream.status().equals(StreamRepository.Status.RUNNING.name()) && !stream.definition().isSource()) {
                try {
                    runtime.start(stream.definition(), sources(), StreamRuntime.StartFrom.CHECKPOINT);
                    log.info("Stream {} runs again from its checkpoint", stream.name());
                }
                catch (RuntimeException e) {
                    log.warn("Stream {} did not restart: {}", stream.name(), e.getMessage());
                    database.streams().setStatus(stream.name(), StreamRepository.Status.FAILED);
                }
            }
        }
    }

    private Function<String, Optional<Stream>> sources()
    {
        return name -> database.streams().find(name).map(Stored::definition);
    }

    @Override
    public void created(Stored<Stream> stream)
            throws SqlServiceException
    {
        if (stream.definition().isSource()) {
            return;
        }
        try {
            runtime.start(stream.definition(), sources(), StreamRuntime.StartFrom.CHECKPOINT);
            database.streams().setStatus(stream.name(), StreamRepository.Status.RUNNING);
        }
        catch (RuntimeException e) {
            database.streams().drop(stream.name());
            throw error(e, "stream " + stream.name() + " did not start");
        }
    }

    @Override
    public void alter(Stored<Stream> stream, SqlAlterStream alter)
            throws SqlServiceException
    {
        String name = stream.name();
        try {
            if (alter instanceof SqlAlterStreamState state) {
                if (state.action() == SqlAlterStreamState.Action.PAUSE) {
                    runtime.pause(name);
                    database.streams().setStatus(name, StreamRepository.Status.PAUSED);
                }
                else {
                    if (runtime.status(name).isPresent()) {
                        runtime.resume(name);
                    }
                    else {
                        runtime.start(stream.definition(), sources(), StreamRuntime.StartFrom.CHECKPOINT);
                    }
                    database.streams().setStatus(name, StreamRepository.Status.RUNNING);
                }
                return;
            }
            if (alter instanceof SqlAlterStreamRestart restart) {
                StreamRuntime.StartFrom from = switch (restart.from().orElse(SqlAlterStreamRestart.From.CHECKPOINT)) {
                    case EARLIEST -> StreamRuntime.StartFrom.EARLIEST;
                    case LATEST -> StreamRuntime.StartFrom.LATEST;
                    case CHECKPOINT -> StreamRuntime.StartFrom.CHECKPOINT;
                };
                if (runtime.status(name).isPresent()) {
                    runtime.restart(name, from);
                }
                else {
                    runtime.start(stream.definition(), sources(), from);
                }
                database.streams().setStatus(name, StreamRepository.Status.RUNNING);
                return;
            }
            if (alter instanceof SqlAlterStreamAs as) {
                if (!(stream.definition().definition() instanceof StreamQuery query)) {
                    throw new SqlServiceException("42809", "stream " + name + " is a source: ALTER STREAM ... AS changes continuous queries");
                }
                List<String> inputs = as.query().parsed().map(TableReferences::of).orElse(List.of()).stream().map(parts -> String.join(".", parts)).toList();
                StreamQuery changedQuery = new StreamQuery(query.sinkTable(), query.pool(), query.options(), query.window(), query.trigger(), query.emit(),
                        query.lateData(), query.retry(), query.maxLag(), inputs, as.query().text());
                Stream changed = new Stream(name, stream.version(), stream.definition().comment(), changedQuery);
                if (as.keepState()) {
                    runtime.checkKeepState(stream.definition(), changed, sources());
                }
                if (runtime.status(name).isPresent()) {
                    runtime.stop(name, as.keepState());
                }
                database.streams().update(name, stream.version(), changed, DefinitionSql.stream(changed), ChangeKind.ALTER, stream.owner());
                runtime.start(changed, sources(), as.keepState() ? StreamRuntime.StartFrom.CHECKPOINT : StreamRuntime.StartFrom.EARLIEST);
                database.streams().setStatus(name, StreamRepository.Status.RUNNING);
                return;
            }
            throw new SqlServiceException(SqlServiceException.FEATURE_NOT_SUPPORTED, "this ALTER STREAM form is not supported yet");
        }
        catch (RuntimeException e) {
            throw error(e, "ALTER STREAM " + name);
        }
    }

    @Override
    public Optional<String> explain(Stream stream)
            throws SqlServiceException
    {
        if (stream.isSource()) {
            return Optional.of("a source stream is read by the streams that query it; it runs no Spark query of its own");
        }
        try {
            return Optional.of(runtime.explain(stream, sources()));
        }
        catch (RuntimeException e) {
            throw error(e, "EXPLAIN STREAM " + stream.name());
        }
    }

    @Override
    public void drop(Stored<Stream> stream, boolean keepCheckpoint)
            throws SqlServiceException
    {
        try {
            if (runtime.status(stream.name()).isPresent()) {
                runtime.stop(stream.name(), keepCheckpoint);
            }
        }
        catch (RuntimeException e) {
            throw error(e, "DROP STREAM " + stream.name());
        }
    }

    @Override
    public void onProgress(StreamProgress progress)
    {
        try {
            database.streamProgress().record(new dev.sparkjobs.gateway.metastore.StreamProgress(progress.stream(), progress.runId().toString(),
                    progress.batchId(), progress.recordedAt(), progress.inputRows(), OptionalDouble.of(progress.inputRowsPerSecond()),
                    OptionalDouble.of(progress.processedRowsPerSecond()), OptionalLong.of(progress.batchDurationMillis()), progress.watermark(),
                    OptionalLong.of(progress.lateRows()), OptionalLong.of(progress.stateRows()),
                    progress.lagMillis().map(OptionalLong::of).orElse(OptionalLong.empty())));
        }
        catch (RuntimeException e) {
            log.warn("Recording progress of stream {} failed: {}", progress.stream(), e.getMessage());
        }
        checkLag(progress);
    }

    /** {@code SLA MAX LAG interval}: an alert when a batch's newest event is further behind the clock than that. */
    private void checkLag(StreamProgress progress)
    {
        if (progress.lagMillis().isEmpty() || progress.inputRows() == 0) {
            return;
        }
        try {
            Optional<Duration> maxLag = database.streams().find(progress.stream())
                    .map(Stored::definition)
                    .filter(stream -> stream.definition() instanceof StreamQuery)
                    .flatMap(stream -> ((StreamQuery) stream.definition()).maxLag());
            if (maxLag.isEmpty()) {
                return;
            }
            String key = progress.stream().toLowerCase(Locale.ROOT);
            long lag = progress.lagMillis().get();
            if (lag <= maxLag.get().toMillis()) {
                lagging.remove(key);
                return;
            }
            if (lagging.add(key)) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("batch_id", progress.batchId());
                details.put("lag_ms", lag);
                details.put("max_lag_ms", maxLag.get().toMillis());
                alerts.raise(Alert.Kind.STREAM_LAG, progress.stream(), Optional.of(progress.runId().toString()),
                        "stream " + progress.stream() + " is " + Duration.ofMillis(lag) + " behind, over its SLA MAX LAG " + maxLag.get(), details);
            }
        }
        catch (RuntimeException e) {
            log.warn("Checking the lag of stream {} failed: {}", progress.stream(), e.getMessage());
        }
    }

    @Override
    public void onRetrying(String stream, UUID runId, String error, int retry, Duration delay)
    {
        log.warn("Stream {} (run {}) failed, retry {} from its checkpoint in {}: {}", stream, runId, retry, delay, error);
    }

    @Override
    public void onTerminated(String stream, UUID runId, Optional<String> error)
    {
        if (error.isPresent()) {
            log.warn("Stream {} (run {}) failed: {}", stream, runId, error.get());
            try {
                database.streams().setStatus(stream, StreamRepository.Status.FAILED);
                alerts.raise(Alert.Kind.FAILURE, stream, Optional.of(runId.toString()), "stream " + stream + " failed: " + error.get(), Map.of());
            }
            catch (RuntimeException e) {
                log.warn("Recording the failure of stream {} failed: {}", stream, e.getMessage());
            }
        }
    }

    private static SqlServiceException error(RuntimeException e, String what)
    {
        if (e instanceof ModelException model) {
            return new SqlServiceException(model.sqlState(), 0, model.getMessage(), model);
        }
        if (e instanceof dev.sparkjobs.pool.stream.StreamRuntimeException stream) {
            return new SqlServiceException(stream.sqlState(), 0, what + ": " + stream.getMessage(), stream);
        }
        SqlServiceException translated = StatementErrors.translate(e);
        return new SqlServiceException(translated.sqlState(), 0, what + ": " + translated.getMessage(), e);
    }
}
