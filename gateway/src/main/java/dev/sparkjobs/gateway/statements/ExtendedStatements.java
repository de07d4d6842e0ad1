package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.gateway.jobs.JobManager;
import dev.sparkjobs.gateway.metastore.ChangeKind;
import dev.sparkjobs.gateway.metastore.MetadataDatabase;
import dev.sparkjobs.gateway.metastore.NewRun;
import dev.sparkjobs.gateway.metastore.Run;
import dev.sparkjobs.gateway.metastore.Stored;
import dev.sparkjobs.gateway.metastore.TriggerKind;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.translate.DefinitionSql;
import dev.sparkjobs.planner.translate.Definitions;
import dev.sparkjobs.planner.validation.DependencyGraph;
import dev.sparkjobs.sql.parser.ddl.SqlProperty;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJob;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobAs;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobDependencies;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobRename;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobSet;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobState;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobUnset;
import dev.sparkjobs.sql.parser.ddl.job.SqlCancelJob;
import dev.sparkjobs.sql.parser.ddl.job.SqlCancelMode;
import dev.sparkjobs.sql.parser.ddl.job.SqlCancelRun;
import dev.sparkjobs.sql.parser.ddl.job.SqlCreateJob;
import dev.sparkjobs.sql.parser.ddl.job.SqlDropJob;
import dev.sparkjobs.sql.parser.ddl.job.SqlRunJob;
import dev.sparkjobs.sql.parser.ddl.pool.SqlAlterPool;
import dev.sparkjobs.sql.parser.ddl.pool.SqlCreatePool;
import dev.sparkjobs.sql.parser.ddl.pool.SqlDropPool;
import dev.sparkjobs.sql.parser.ddl.stream.SqlAlterStream;
import dev.sparkjobs.sql.parser.ddl.stream.SqlCreateStream;
import dev.sparkjobs.sql.parser.ddl.stream.SqlCreateStreamAs;
import dev.sparkjobs.sql.parser.ddl.stream.SqlDropStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.util.TimestampString;

/**
 * Executes the statements of the extended grammar: definitions of jobs, streams and pools go
 * through the planner into the metadata database; RUN and CANCEL go to the job manager; SHOW,
 * DESCRIBE and EXPLAIN to {@link Introspection}. One method per statement, each the work of one
 * execution (a prepared RUN JOB starts a run each time it is executed).
 */
public final class ExtendedStatements
{
    private final MetadataDatabase database;
    private final JobManager jobs;
    private final StreamControl streams;
    private final Introspection introspection;
    private final java.util.function.Consumer<String> poolChanged;

    public ExtendedStatements(MetadataDatabase database, JobManager jobs, StreamControl streams, Introspection introspection)
    {
        this(database, jobs, streams, introspection, name -> {});
    }

    /**
     * @param poolChanged hears the name of each pool created, altered or dropped, once the change
     *        is stored (the engine pools follow the definitions)
     */
    public ExtendedStatements(MetadataDatabase database, JobManager jobs, StreamControl streams, Introspection introspection,
            java.util.function.Consumer<String> poolChanged)
    {
        this.database = requireNonNull(database, "database is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.streams = requireNonNull(streams, "streams is null");
        this.introspection = requireNonNull(introspection, "introspection is null");
        this.poolChanged = requireNonNull(poolChanged, "poolChanged is null");
    }

    public PreparedSql prepare(SqlNode node, String sql, SessionContext session)
            throws SqlServiceException
    {
        Optional<PreparedSql> shown = introspection.prepare(node, sql, session);
        if (shown.isPresent()) {
            return shown.get();
        }
        if (node instanceof SqlRunJob run && run.sampleRows().isPresent()) {
            return new LocalPreparedSql(sql, SAMPLE_COLUMNS, operation -> guarded(() -> sampleJob(run, session)));
        }
        if (node instanceof SqlRunJob run) {
            return new LocalPreparedSql(sql, RunRows.COLUMNS, operation -> guarded(() -> runJob(run, session)));
        }
        if (node instanceof SqlCancelRun cancel) {
            return new LocalPreparedSql(sql, RunRows.COLUMNS, operation -> guarded(() -> RunRows.of(List.of(jobs.cancelRun(string(cancel.run()))))));
        }
        if (node instanceof SqlCancelJob cancel) {
            boolean graceful = cancel.mode().orElse(SqlCancelMode.IMMEDIATELY) == SqlCancelMode.GRACEFULLY;
            return new LocalPreparedSql(sql, RunRows.COLUMNS, operation -> guarded(() -> RunRows.of(jobs.cancelJob(name(cancel.job()), graceful))));
        }
        return LocalPreparedSql.update(sql, operation -> guarded(() -> {
            define(node, sql, session);
            return new LocalResult(List.of(), List.of());
        }));
    }

    private void define(SqlNode node, String sql, SessionContext session)
            throws SqlServiceException
    {
        Optional<String> user = Optional.of(session.user());
        if (node instanceof SqlCreateJob create) {
            createJob(create, user);
        }
        else if (node instanceof SqlAlterJob alter) {
            alterJob(alter, user);
        }
        else if (node instanceof SqlDropJob drop) {
            dropJob(drop);
        }
        else if (node instanceof SqlCreatePool create) {
            Pool pool = Definitions.pool(create);
            if (database.pools().find(pool.name()).isPresent()) {
                if (create.ifNotExists) {
                    return;
                }
                if (create.getReplace()) {
                    Stored<Pool> current = database.pools().find(pool.name()).orElseThrow();
                    database.pools().update(pool, current.version(), DefinitionSql.pool(pool));
                    poolChanged.accept(pool.name());
                    return;
                }
            }
            database.pools().create(pool, DefinitionSql.pool(pool), user);
            poolChanged.accept(pool.name());
        }
        else if (node instanceof SqlAlterPool alter) {
            Stored<Pool> current = database.pools().find(name(alter.name())).orElseThrow(() -> StatementErrors.undefined("pool " + name(alter.name())));
            Pool changed = Definitions.alterPool(current.definition(), alter.options());
            database.pools().update(changed, current.version(), DefinitionSql.pool(changed));
            poolChanged.accept(changed.name());
        }
        else if (node instanceof SqlDropPool drop) {
            if (!database.pools().drop(name(drop.name())) && !drop.ifExists) {
                throw StatementErrors.undefined("pool " + name(drop.name()));
            }
            poolChanged.accept(name(drop.name()));
        }
        else if (node instanceof SqlCreateStream create) {
            createStream(Definitions.stream(create), create.ifNotExists, create.getReplace(), user);
        }
        else if (node instanceof SqlCreateStreamAs create) {
            Function<String, Optional<Stream>> lookup = name -> database.streams().find(name).map(Stored::definition);
            createStream(Definitions.stream(create, lookup), create.ifNotExists, create.getReplace(), user);
        }
        else if (node instanceof SqlAlterStream alter) {
            Stored<Stream> current = database.streams().find(name(alter.name())).orElseThrow(() -> StatementErrors.undefined("stream " + name(alter.name())));
            streams.alter(current, alter);
        }
        else if (node instanceof SqlDropStream drop) {
            Optional<Stored<Stream>> current = database.streams().find(name(drop.name()));
            if (current.isEmpty()) {
                if (!drop.ifExists) {
                    throw StatementErrors.undefined("stream " + name(drop.name()));
                }
                return;
            }
            streams.drop(current.get(), drop.keepCheckpoint());
            database.streams().drop(current.get().name());
        }
        else {
            throw new SqlServiceException(SqlServiceException.FEATURE_NOT_SUPPORTED, node.getKind() + " statements of the extended grammar are not supported yet");
        }
    }

    private void createJob(SqlCreateJob create, Optional<String> user)
            throws SqlServiceException
    {
        Job job = Definitions.job(create);
        Optional<Stored<Job>> existing = database.jobs().find(job.name());
        if (existing.isPresent() && create.ifNotExists) {
            return;
        }
        List<Job> others = database.jobs().definitions().stream().filter(other -> !other.name().equalsIgnoreCase(job.name())).toList();
        for (String upstream : job.dependencies().upstream()) {
            if (others.stream().noneMatch(other -> other.name().equalsIgnoreCase(upstream))) {
                throw new SqlServiceException("42704", "job " + job.name() + ", AFTER: job " + upstream + " does not exist");
            }
        }
        DependencyGraph.withJob(others, job);
        String text = DefinitionSql.job(job);
        if (existing.isPresent() && create.getReplace()) {
            database.jobs().update(job.name(), existing.get().version(), job, text, ChangeKind.REPLACE, user);
        }
        else {
            database.jobs().create(job, text, user);
        }
        jobs.scheduler().sync(job.name());
    }

    private void alterJob(SqlAlterJob alter, Optional<String> user)
            throws SqlServiceException
    {
        String name = name(alter.name());
        Stored<Job> current = database.jobs().find(name).orElseThrow(() -> StatementErrors.undefined("job " + name));
        if (alter instanceof SqlAlterJobState state) {
            if (state.action() == SqlAlterJobState.Action.SUSPEND) {
                database.jobs().suspend(name);
            }
            else {
                database.jobs().resume(name);
            }
            jobs.scheduler().sync(name);
            return;
        }
        if (alter instanceof SqlAlterJobRename rename) {
            String newName = name(rename.newName());
            List<String> dependents = DependencyGraph.of(database.jobs().definitions()).downstream(name);
            if (!dependents.isEmpty()) {
                throw new SqlServiceException("2BP01", "job " + name + " cannot be renamed: jobs " + dependents + " run AFTER it");
            }
            Job renamed = current.definition().withName(newName);
            database.jobs().rename(name, current.version(), newName, DefinitionSql.job(renamed), user);
            jobs.scheduler().sync(name);
            jobs.scheduler().sync(newName);
            return;
        }
        Job changed;
        if (alter instanceof SqlAlterJobSet set) {
            changed = Definitions.set(current.definition(), set.clauses());
        }
        else if (alter instanceof SqlAlterJobUnset unset) {
            changed = Definitions.unset(current.definition(), unset.clause());
        }
        else if (alter instanceof SqlAlterJobAs as) {
            changed = Definitions.body(current.definition(), as.body());
        }
        else if (alter instanceof SqlAlterJobDependencies dependencies) {
            changed = Definitions.dependencies(current.definition(), dependencies);
        }
        else {
            throw new SqlServiceException(SqlServiceException.FEATURE_NOT_SUPPORTED, "this ALTER JOB form is not supported yet");
        }
        List<Job> others = database.jobs().definitions().stream().filter(other -> !other.name().equalsIgnoreCase(name)).toList();
        for (String upstream : changed.dependencies().upstream()) {
            if (others.stream().noneMatch(other -> other.name().equalsIgnoreCase(upstream))) {
                throw new SqlServiceException("42704", "job " + name + ", AFTER: job " + upstream + " does not exist");
            }
        }
        DependencyGraph.withJob(others, changed);
        database.jobs().update(name, current.version(), changed, DefinitionSql.job(changed), ChangeKind.ALTER, user);
        jobs.scheduler().sync(name);
    }

    private void dropJob(SqlDropJob drop)
            throws SqlServiceException
    {
        String name = name(drop.name());
        if (database.jobs().find(name).isEmpty()) {
            if (drop.ifExists) {
                return;
            }
            throw StatementErrors.undefined("job " + name);
        }
        List<String> dependents = DependencyGraph.of(database.jobs().definitions()).downstream(name);
        if (!dependents.isEmpty()) {
            if (drop.behavior().orElse(SqlDropJob.Behavior.RESTRICT) == SqlDropJob.Behavior.RESTRICT) {
                throw new SqlServiceException("2BP01", "job " + name + " cannot be dropped: jobs " + dependents + " run AFTER it (DROP JOB ... CASCADE drops them too)");
            }
            for (String dependent : dependents) {
                dropCascade(dependent);
            }
        }
        jobs.cancelJob(name, false);
        database.jobs().drop(name);
        jobs.scheduler().sync(name);
    }

    private void dropCascade(String name)
            throws SqlServiceException
    {
        for (String dependent : DependencyGraph.of(database.jobs().definitions()).downstream(name)) {
            dropCascade(dependent);
        }
        jobs.cancelJob(name, false);
        database.jobs().drop(name);
        jobs.scheduler().sync(name);
    }

    private void createStream(Stream stream, boolean ifNotExists, boolean replace, Optional<String> user)
            throws SqlServiceException
    {
        Optional<Stored<Stream>> existing = database.streams().find(stream.name());
        if (existing.isPresent() && ifNotExists) {
            return;
        }
        Stored<Stream> stored;
        if (existing.isPresent() && replace) {
            streams.drop(existing.get(), true);
            stored = database.streams().update(stream.name(), existing.get().version(), stream, DefinitionSql.stream(stream), ChangeKind.REPLACE, user);
        }
        else {
            stored = database.streams().create(stream, DefinitionSql.stream(stream), user);
        }
        streams.created(stored);
    }

    private LocalResult runJob(SqlRunJob run, SessionContext session)
            throws SqlServiceException
    {
        String name = name(run.name());
        Map<String, String> parameters = new LinkedHashMap<>();
        run.parameters().ifPresent(list -> list.forEach(node -> parameters.put(((SqlProperty) node).keyText(), ((SqlProperty) node).valueText())));
        if (run.backfillFrom().isPresent()) {
            Instant from = timestamp(run.backfillFrom().get());
            Instant to = timestamp(run.backfillTo().orElseThrow());
            Duration every = interval(run.backfillEvery().orElseThrow());
            List<Run> created = jobs.backfill(name, from, to, every, parameters, session.user());
            return RunRows.of(waitIfAsked(run, created));
        }
        Run started = run.retryLast() ? jobs.retryLast(name, session.user())
                : jobs.submit(new NewRun(name, TriggerKind.MANUAL, Optional.empty(), Optional.empty(), parameters, Optional.of(session.user())));
        return RunRows.of(waitIfAsked(run, List.of(started)));
    }

    /**
     * {@code RUN JOB name SAMPLE n ROWS}: a test run, always awaited (its WAIT TIMEOUT, if any, bounds
     * the wait); one row per preview row of each output, or one row with the error.
     */
    private LocalResult sampleJob(SqlRunJob run, SessionContext session)
            throws SqlServiceException
    {
        if (run.backfillFrom().isPresent() || run.retryLast()) {
            throw new SqlServiceException(SqlServiceException.SYNTAX_ERROR, "RUN JOB ... SAMPLE n ROWS runs the job once: it does not go with FROM ... TO or RETRY LAST");
        }
        String name = name(run.name());
        Map<String, String> parameters = new LinkedHashMap<>();
        run.parameters().ifPresent(list -> list.forEach(node -> parameters.put(((SqlProperty) node).keyText(), ((SqlProperty) node).valueText())));
        long rows = ((SqlLiteral) run.sampleRows().get()).getValueAs(Long.class);
        Run finished = jobs.sample(name, rows, parameters, session.user(), run.waitTimeout().map(ExtendedStatements::interval));
        List<Object[]> result = new java.util.ArrayList<>();
        for (JobManager.Preview preview : jobs.takePreview(finished.runId())) {
            int number = 0;
            for (String row : preview.rows()) {
                result.add(new Object[] {finished.runId(), finished.state().name(), preview.source(), ++number, row, null});
            }
        }
        if (result.isEmpty()) {
            result.add(new Object[] {finished.runId(), finished.state().name(), null, null, null, finished.errorMessage().orElse(null)});
        }
        return new LocalResult(SAMPLE_COLUMNS, result);
    }

    private static final List<LocalResult.Column> SAMPLE_COLUMNS = List.of(
            new LocalResult.Column("run_id", LocalResult.Type.STRING),
            new LocalResult.Column("state", LocalResult.Type.STRING),
            new LocalResult.Column("output", LocalResult.Type.STRING),
            new LocalResult.Column("row_number", LocalResult.Type.INT),
            new LocalResult.Column("row", LocalResult.Type.STRING),
            new LocalResult.Column("error_message", LocalResult.Type.STRING));

    private List<Run> waitIfAsked(SqlRunJob run, List<Run> started)
            throws SqlServiceException
    {
        if (!run.isWait()) {
            return started;
        }
        Optional<Duration> timeout = run.waitTimeout().map(ExtendedStatements::interval);
        Instant deadline = timeout.map(t -> Instant.now().plus(t)).orElse(null);
        List<Run> finished = new java.util.ArrayList<>();
        for (Run each : started) {
            Optional<Duration> left = deadline == null ? Optional.empty() : Optional.of(Duration.between(Instant.now(), deadline)).filter(d -> !d.isNegative());
            finished.add(deadline != null && left.isEmpty() ? jobs.run(each.runId()) : jobs.await(each.runId(), left));
        }
        return finished;
    }

    private static Instant timestamp(SqlNode node)
            throws SqlServiceException
    {
        if (node instanceof SqlLiteral literal) {
            try {
                String text = literal instanceof org.apache.calcite.sql.SqlUnknownLiteral unknown ? unknown.getValue() : literal.toValue();
                return Instant.ofEpochMilli(new TimestampString(text.trim()).getMillisSinceEpoch());
            }
            catch (RuntimeException e) {
                throw new SqlServiceException(SqlServiceException.INVALID_PARAMETER, 0, "not a timestamp: " + node + " (write TIMESTAMP 'yyyy-MM-dd HH:mm:ss')", e);
            }
        }
        throw new SqlServiceException(SqlServiceException.SYNTAX_ERROR, "expected TIMESTAMP '...', found " + node);
    }

    private static Duration interval(SqlNode node)
    {
        return Duration.ofMillis(((SqlLiteral) node).getValueAs(Long.class));
    }

    static String name(SqlNode node)
    {
        if (node instanceof SqlIdentifier identifier) {
            return String.join(".", identifier.names);
        }
        return string(node);
    }

    static String string(SqlNode node)
    {
        if (node instanceof SqlLiteral literal) {
            String value = SqlLiteral.unchain(literal).getValueAs(String.class);
            if (value != null) {
                return value;
            }
        }
        return node.toString();
    }

    /** Work that may fail in the planner or the store: its error reaches the client with its SQLSTATE. */
    static LocalResult guarded(Work work)
            throws SqlServiceException
    {
        try {
            return work.run();
        }
        catch (RuntimeException e) {
            throw StatementErrors.translate(e);
        }
    }

    @FunctionalInterface
    interface Work
    {
        LocalResult run()
                throws SqlServiceException;
    }

    /** What the stream runtime does when a stream is defined, altered or dropped. */
    public interface StreamControl
    {
        void created(Stored<Stream> stream)
                throws SqlServiceException;

        void alter(Stored<Stream> stream, SqlAlterStream alter)
                throws SqlServiceException;

        void drop(Stored<Stream> stream, boolean keepCheckpoint)
                throws SqlServiceException;

        /** The Spark SQL the stream runs and Spark's plans for it, where a runtime can plan it. */
        default Optional<String> explain(Stream stream)
                throws SqlServiceException
        {
            return Optional.empty();
        }

        /** Definitions are kept; nothing runs them yet. */
        StreamControl DEFINITIONS_ONLY = new StreamControl()
        {
            @Override
            public void created(Stored<Stream> stream) {}

            @Override
            public void alter(Stored<Stream> stream, SqlAlterStream alter)
                    throws SqlServiceException
            {
                throw new SqlServiceException(SqlServiceException.FEATURE_NOT_SUPPORTED, "ALTER STREAM needs the stream runtime, which is not in this build yet");
            }

            @Override
            public void drop(Stored<Stream> stream, boolean keepCheckpoint) {}
        };
    }
}
