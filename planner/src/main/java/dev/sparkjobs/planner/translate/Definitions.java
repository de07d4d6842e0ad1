package dev.sparkjobs.planner.translate;

import static dev.sparkjobs.planner.translate.Literals.duration;
import static dev.sparkjobs.planner.translate.Literals.integer;
import static dev.sparkjobs.planner.translate.Literals.name;
import static dev.sparkjobs.planner.translate.Literals.string;

import dev.sparkjobs.planner.model.Column;
import dev.sparkjobs.planner.model.ConcurrencyPolicy;
import dev.sparkjobs.planner.model.Dependencies;
import dev.sparkjobs.planner.model.EmitMode;
import dev.sparkjobs.planner.model.Expectation;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.LateDataPolicy;
import dev.sparkjobs.planner.model.Notification;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.model.Sla;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.Watermark;
import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import dev.sparkjobs.planner.validation.JobValidator;
import dev.sparkjobs.planner.validation.ModelException;
import dev.sparkjobs.planner.validation.PoolValidator;
import dev.sparkjobs.planner.validation.StreamValidator;
import dev.sparkjobs.sql.TableReferences;
import dev.sparkjobs.sql.parser.ddl.SqlEmbeddedStatement;
import dev.sparkjobs.sql.parser.ddl.SqlProperty;
import dev.sparkjobs.sql.parser.ddl.SqlRetryPolicy;
import dev.sparkjobs.sql.parser.ddl.SqlSla;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobDependencies;
import dev.sparkjobs.sql.parser.ddl.job.SqlAlterJobUnset;
import dev.sparkjobs.sql.parser.ddl.job.SqlCreateJob;
import dev.sparkjobs.sql.parser.ddl.job.SqlExpectation;
import dev.sparkjobs.sql.parser.ddl.job.SqlJobBody;
import dev.sparkjobs.sql.parser.ddl.job.SqlJobClauses;
import dev.sparkjobs.sql.parser.ddl.job.SqlJobDependencies;
import dev.sparkjobs.sql.parser.ddl.job.SqlNotification;
import dev.sparkjobs.sql.parser.ddl.job.SqlSchedule;
import dev.sparkjobs.sql.parser.ddl.pool.SqlCreatePool;
import dev.sparkjobs.sql.parser.ddl.stream.SqlCreateStream;
import dev.sparkjobs.sql.parser.ddl.stream.SqlCreateStreamAs;
import dev.sparkjobs.sql.parser.ddl.stream.SqlStreamClauses;
import dev.sparkjobs.sql.parser.ddl.stream.SqlStreamColumn;
import dev.sparkjobs.sql.parser.ddl.stream.SqlStreamTrigger;
import dev.sparkjobs.sql.parser.ddl.stream.SqlStreamWindow;
import dev.sparkjobs.sql.parser.ddl.stream.SqlWatermark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Turns parsed statements of the extended grammar into the validated job model. A definition that
 * the validators refuse comes back as a {@link PlanningException} carrying the line and column of
 * the clause at fault.
 */
public final class Definitions
{
    private Definitions() {}

    public static Job job(SqlCreateJob node)
    {
        ClausePositions positions = new ClausePositions(node.getParserPosition());
        Job.Builder builder = Job.builder(name(node.name()));
        apply(builder, node.clauses(), positions);
        body(node.body()).forEach(builder::statement);
        positions.add("AS", node.body().getParserPosition());
        return validate(builder.build(), positions);
    }

    /** {@code ALTER JOB name SET <clauses>}: the given clauses replace the current ones. */
    public static Job set(Job current, SqlJobClauses clauses)
    {
        ClausePositions positions = new ClausePositions(clauses.getParserPosition());
        Job.Builder builder = current.toBuilder();
        apply(builder, clauses, positions);
        return validate(builder.build(), positions);
    }

    public static Job unset(Job current, SqlAlterJobUnset.Clause clause)
    {
        Job job = switch (clause) {
            case SCHEDULE -> current.toBuilder().schedule(Schedule.MANUAL).build();
            case RETRY -> current.toBuilder().retry(Retry.NONE).build();
            case SLA -> current.toBuilder().sla(Sla.NONE).build();
            case TIMEOUT -> new Job(current.name(), current.version(), current.comment(), current.pool(), current.options(), current.schedule(),
                    current.dependencies(), current.retry(), Optional.empty(), current.sla(), current.concurrency(), current.suspendAfterFailures(),
                    current.expectations(), current.notifications(), current.body());
        };
        return JobValidator.validate(job);
    }

    public static Job body(Job current, SqlJobBody body)
    {
        Job job = new Job(current.name(), current.version(), current.comment(), current.pool(), current.options(), current.schedule(),
                current.dependencies(), current.retry(), current.timeout(), current.sla(), current.concurrency(), current.suspendAfterFailures(),
                current.expectations(), current.notifications(), body(body));
        ClausePositions positions = new ClausePositions(body.getParserPosition());
        return validate(job, positions);
    }

    public static Job dependencies(Job current, SqlAlterJobDependencies node)
    {
        List<String> upstream = new ArrayList<>(current.dependencies().upstream());
        for (SqlNode job : node.jobs()) {
            String name = name(job);
            boolean present = upstream.stream().anyMatch(existing -> existing.equalsIgnoreCase(name));
            if (node.isAdd() && !present) {
                upstream.add(name);
            }
            else if (!node.isAdd()) {
                if (!present) {
                    throw new PlanningException("42704", "job " + name(node.name()) + " does not run AFTER " + name, job.getParserPosition());
                }
                upstream.removeIf(existing -> existing.equalsIgnoreCase(name));
            }
        }
        Dependencies dependencies = upstream.isEmpty() ? Dependencies.NONE : Dependencies.after(upstream, current.dependencies().condition());
        return JobValidator.validate(current.toBuilder().dependencies(dependencies).build());
    }

    public static Stream stream(SqlCreateStream node)
    {
        ClausePositions positions = new ClausePositions(node.getParserPosition());
        List<Column> columns = new ArrayList<>();
        for (SqlNode column : node.columns()) {
            SqlStreamColumn streamColumn = (SqlStreamColumn) column;
            columns.add(new Column(streamColumn.name().getSimple(), typeName(streamColumn)));
        }
        Optional<Watermark> watermark = Optional.empty();
        if (node.watermark().isPresent()) {
            SqlWatermark sqlWatermark = node.watermark().get();
            String column = sqlWatermark.column().getSimple();
            watermark = Optional.of(new Watermark(column, Literals.watermarkDelay(sqlWatermark.expression(), column)));
            positions.add("WATERMARK", sqlWatermark.getParserPosition());
        }
        positions.options(node.options());
        Stream stream = new Stream(name(node.name()), 1, Optional.empty(), new StreamSource(columns, watermark, Literals.properties(node.options())));
        return validate(stream, name -> Optional.empty(), positions);
    }

    public static Stream stream(SqlCreateStreamAs node, Function<String, Optional<Stream>> streams)
    {
        ClausePositions positions = new ClausePositions(node.getParserPosition());
        SqlStreamClauses clauses = node.clauses();
        Optional<String> sink = clauses.into().map(Literals::name);
        clauses.into().ifPresent(into -> positions.add("INTO", into.getParserPosition()));
        Optional<String> pool = clauses.pool().map(Literals::name);
        clauses.pool().ifPresent(p -> positions.add("IN POOL", p.getParserPosition()));
        Map<String, String> options = clauses.options().map(Literals::properties).orElse(Map.of());
        clauses.options().ifPresent(positions::options);
        Optional<WindowClause> window = clauses.window().map(w -> window(w, positions));
        Optional<Trigger> trigger = clauses.trigger().map(t -> trigger(t, positions));
        EmitMode emit = clauses.emit().map(e -> e == SqlStreamClauses.Emit.FINAL ? EmitMode.FINAL : EmitMode.CHANGES).orElse(EmitMode.CHANGES);
        LateDataPolicy late = clauses.lateDataTable().map(table -> LateDataPolicy.into(name(table))).orElse(LateDataPolicy.DROP);
        clauses.lateDataTable().ifPresent(table -> positions.add("LATE DATA", table.getParserPosition()));
        Retry retry = clauses.retry().map(r -> retry(r, positions)).orElse(Retry.NONE);
        Optional<Duration> maxLag = clauses.sla().map(sla -> {
            positions.add("SLA", sla.getParserPosition());
            if (sla.kind() != SqlSla.Kind.MAX_LAG) {
                throw new PlanningException("42601", "a stream takes SLA MAX LAG only", sla.getParserPosition());
            }
            return duration(sla.interval(), "SLA MAX LAG");
        });
        SqlEmbeddedStatement query = node.query();
        positions.add("AS", query.getParserPosition());
        List<String> inputs = query.parsed().map(TableReferences::of).orElse(List.of()).stream()
                .map(parts -> String.join(".", parts))
                .toList();
        StreamQuery definition = new StreamQuery(sink, pool, options, window, trigger, emit, late, retry, maxLag, inputs, query.text());
        return validate(new Stream(name(node.name()), 1, Optional.empty(), definition), streams, positions);
    }

    public static Pool pool(SqlCreatePool node)
    {
        ClausePositions positions = new ClausePositions(node.getParserPosition());
        node.options().ifPresent(positions::options);
        Pool pool = new Pool(name(node.name()), node.options().map(Literals::properties).orElse(Map.of()));
        return validate(pool, positions);
    }

    /** {@code ALTER POOL name SET WITH (...)}: keys given replace, others stay. */
    public static Pool alterPool(Pool current, SqlNodeList options)
    {
        ClausePositions positions = new ClausePositions(options.getParserPosition());
        positions.options(options);
        Map<String, String> merged = new LinkedHashMap<>(current.options());
        Literals.properties(options).forEach((key, value) -> {
            merged.keySet().removeIf(existing -> existing.equalsIgnoreCase(key));
            merged.put(key, value);
        });
        return validate(new Pool(current.name(), merged), positions);
    }

    private static void apply(Job.Builder builder, SqlJobClauses clauses, ClausePositions positions)
    {
        clauses.comment().ifPresent(comment -> builder.comment(string(comment, "COMMENT")));
        clauses.pool().ifPresent(pool -> {
            positions.add("IN POOL", pool.getParserPosition());
            builder.pool(name(pool));
        });
        clauses.options().ifPresent(options -> {
            positions.options(options);
            Literals.properties(options).forEach(builder::option);
        });
        clauses.schedule().ifPresent(schedule -> {
            positions.add("SCHEDULE", schedule.getParserPosition());
            builder.schedule(schedule(schedule));
        });
        clauses.after().ifPresent(after -> {
            positions.add("AFTER", after.getParserPosition());
            builder.dependencies(dependencies(after));
        });
        clauses.retry().ifPresent(retry -> builder.retry(retry(retry, positions)));
        clauses.timeout().ifPresent(timeout -> {
            positions.add("TIMEOUT", timeout.getParserPosition());
            builder.timeout(duration(timeout, "TIMEOUT"));
        });
        if (!clauses.slas().isEmpty()) {
            Optional<Duration> finishWithin = Optional.empty();
            Optional<Duration> maxRuntime = Optional.empty();
            for (SqlNode node : clauses.slas()) {
                SqlSla sla = (SqlSla) node;
                positions.add("SLA", sla.getParserPosition());
                switch (sla.kind()) {
                    case FINISH_WITHIN -> finishWithin = Optional.of(duration(sla.interval(), "SLA FINISH WITHIN"));
                    case MAX_RUNTIME -> maxRuntime = Optional.of(duration(sla.interval(), "SLA MAX RUNTIME"));
                    case MAX_LAG -> throw new PlanningException("42601", "SLA MAX LAG is for streams; a job takes SLA FINISH WITHIN or SLA MAX RUNTIME",
                            sla.getParserPosition());
                }
            }
            builder.sla(new Sla(finishWithin, maxRuntime));
        }
        clauses.concurrency().ifPresent(concurrency -> builder.concurrency(ConcurrencyPolicy.valueOf(concurrency.name())));
        clauses.suspendAfterFailures().ifPresent(failures -> {
            positions.add("SUSPEND AFTER", failures.getParserPosition());
            long count = integer(failures, "SUSPEND AFTER");
            if (count <= 0 || count > Integer.MAX_VALUE) {
                throw new PlanningException(Literals.INVALID_VALUE, "SUSPEND AFTER: the number of failures must be positive, not " + count,
                        failures.getParserPosition());
            }
            builder.suspendAfterFailures((int) count);
        });
        for (SqlNode node : clauses.expectations()) {
            SqlExpectation expectation = (SqlExpectation) node;
            positions.add("CONSTRAINT", expectation.getParserPosition());
            Expectation.OnViolation action = expectation.action().map(a -> Expectation.OnViolation.valueOf(a.name())).orElse(Expectation.OnViolation.WARN);
            builder.expect(new Expectation(expectation.name().getSimple(), expectation.condition().text(), action,
                    expectation.quarantineTable().map(Literals::name)));
        }
        for (SqlNode node : clauses.notifications()) {
            SqlNotification notification = (SqlNotification) node;
            builder.notify(new Notification(Notification.Event.valueOf(notification.event().name()), string(notification.target(), "NOTIFY")));
        }
    }

    private static List<String> body(SqlJobBody body)
    {
        return body.statements().stream().map(SqlEmbeddedStatement::text).map(String::strip).toList();
    }

    private static Schedule schedule(SqlSchedule schedule)
    {
        return switch (schedule.kind()) {
            case CRON -> new Schedule.Cron(string(schedule.value().orElseThrow(), "SCHEDULE CRON"),
                    schedule.timeZone().map(zone -> string(zone, "TIME ZONE")));
            case EVERY -> new Schedule.Every(duration(schedule.value().orElseThrow(), "SCHEDULE EVERY"));
            case FILE_ARRIVAL -> new Schedule.FileArrival(string(schedule.value().orElseThrow(), "SCHEDULE ON FILE ARRIVAL"));
            case MANUAL -> Schedule.MANUAL;
        };
    }

    private static Dependencies dependencies(SqlJobDependencies after)
    {
        List<String> upstream = new ArrayList<>();
        for (SqlNode job : after.jobs()) {
            upstream.add(name(job));
        }
        return Dependencies.after(upstream, Dependencies.Condition.valueOf(after.condition().name()));
    }

    private static Retry retry(SqlRetryPolicy retry, ClausePositions positions)
    {
        positions.add("RETRY", retry.getParserPosition());
        long count = integer(retry.attempts(), "RETRY");
        if (count < 0 || count > 1000) {
            throw new PlanningException(Literals.INVALID_VALUE, "RETRY: the number of retries must be between 0 and 1000, not " + count,
                    retry.attempts().getParserPosition());
        }
        Optional<Duration> delay = retry.delay().map(d -> duration(d, "RETRY DELAY"));
        Retry.Backoff backoff = retry.backoff().map(b -> Retry.Backoff.valueOf(b.name())).orElse(Retry.Backoff.FIXED);
        Optional<Duration> maxDelay = retry.maxDelay().map(d -> duration(d, "RETRY BACKOFF MAX"));
        return new Retry((int) count, delay, backoff, maxDelay);
    }

    private static WindowClause window(SqlStreamWindow window, ClausePositions positions)
    {
        positions.add("WINDOW", window.getParserPosition());
        Optional<String> timeColumn = window.timeColumn().map(column -> column.getSimple());
        Optional<Duration> grace = window.gracePeriod().map(g -> duration(g, "GRACE PERIOD"));
        Window model;
        if (window.isCountBased()) {
            model = new Window.CountTumbling(integer(window.size().orElseThrow(), "WINDOW TUMBLING SIZE"));
        }
        else {
            model = switch (window.kind()) {
                case TUMBLING -> new Window.Tumbling(duration(window.size().orElseThrow(), "WINDOW TUMBLING SIZE"), grace);
                case HOPPING -> new Window.Hopping(duration(window.size().orElseThrow(), "WINDOW HOPPING SIZE"),
                        duration(window.advance().orElseThrow(), "WINDOW HOPPING ADVANCE BY"), grace);
                case SESSION -> new Window.Session(duration(window.gap().orElseThrow(), "WINDOW SESSION GAP"), grace);
            };
        }
        return new WindowClause(model, timeColumn);
    }

    private static Trigger trigger(SqlStreamTrigger trigger, ClausePositions positions)
    {
        positions.add("TRIGGER", trigger.getParserPosition());
        return switch (trigger.kind()) {
            case PROCESSING_TIME -> new Trigger.ProcessingTime(duration(trigger.interval().orElseThrow(), "TRIGGER PROCESSING TIME"));
            case AVAILABLE_NOW -> new Trigger.AvailableNow();
        };
    }

    private static String typeName(SqlStreamColumn column)
    {
        return column.type().getTypeName().names.stream().map(part -> part.toLowerCase(Locale.ROOT)).reduce((a, b) -> a + "." + b).orElseThrow()
                .replace("timestamp_with_local_time_zone", "timestamp_ltz");
    }

    private static Job validate(Job job, ClausePositions positions)
    {
        if (job.dependencies().upstream().stream().anyMatch(upstream -> upstream.equalsIgnoreCase(job.name()))) {
            throw new PlanningException("42P17", "job " + job.name() + ", AFTER: a job cannot run after itself", positions.of("AFTER"));
        }
        try {
            return JobValidator.validate(job);
        }
        catch (ModelException e) {
            throw PlanningException.of(e, positions.of(e.clause()));
        }
    }

    private static Stream validate(Stream stream, Function<String, Optional<Stream>> streams, ClausePositions positions)
    {
        try {
            return StreamValidator.validate(stream, streams);
        }
        catch (ModelException e) {
            throw PlanningException.of(e, positions.of(e.clause()));
        }
    }

    private static Pool validate(Pool pool, ClausePositions positions)
    {
        try {
            return PoolValidator.validate(pool);
        }
        catch (ModelException e) {
            throw PlanningException.of(e, positions.of(e.clause()));
        }
    }

    /** Where each clause of a statement was written, so a validation error can point at it. */
    private static final class ClausePositions
    {
        private final SqlParserPos statement;
        private final Map<String, SqlParserPos> clauses = new LinkedHashMap<>();

        ClausePositions(SqlParserPos statement)
        {
            this.statement = statement;
        }

        void add(String clause, SqlParserPos pos)
        {
            clauses.putIfAbsent(clause, pos);
        }

        void options(SqlNodeList options)
        {
            add("WITH", options.getParserPosition());
            for (SqlNode node : options) {
                SqlProperty property = (SqlProperty) node;
                add("WITH '" + property.keyText().toLowerCase(Locale.ROOT) + "'", property.getParserPosition());
            }
        }

        /** The position of the longest recorded clause name the error's clause starts with. */
        SqlParserPos of(String clause)
        {
            String wanted = clause.toLowerCase(Locale.ROOT);
            SqlParserPos best = statement;
            int bestLength = -1;
            for (Map.Entry<String, SqlParserPos> entry : clauses.entrySet()) {
                String key = entry.getKey().toLowerCase(Locale.ROOT);
                if ((wanted.startsWith(key) || key.startsWith(wanted)) && key.length() > bestLength) {
                    best = entry.getValue();
                    bestLength = key.length();
                }
            }
            return best;
        }
    }
}
