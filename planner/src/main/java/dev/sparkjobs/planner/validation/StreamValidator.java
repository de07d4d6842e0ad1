package dev.sparkjobs.planner.validation;

import dev.sparkjobs.planner.model.Column;
import dev.sparkjobs.planner.model.Identifiers;
import dev.sparkjobs.planner.model.LateDataPolicy;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.Watermark;
import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a stream. A continuous query is checked against the source streams it reads
 * ({@code streams} looks a name up; tables and unknown names give empty): {@code EMIT FINAL} and
 * {@code LATE DATA INTO} need a watermark on the window's time column, and a window's time column
 * must be a timestamp.
 */
public final class StreamValidator
{
    private static final Set<String> TIMESTAMP_TYPES = Set.of("timestamp", "timestamp_ntz", "timestamp_ltz", "timestamp with local time zone");

    private StreamValidator() {}

    public static Stream validate(Stream stream, Function<String, Optional<Stream>> streams)
    {
        String object = "stream " + stream.name();
        Checks.name(object, "CREATE STREAM", stream.name());
        if (stream.definition() instanceof StreamSource source) {
            source(object, source);
        }
        else {
            query(object, (StreamQuery) stream.definition(), streams);
        }
        return stream;
    }

    private static void source(String object, StreamSource source)
    {
        if (source.columns().isEmpty()) {
            throw new ModelException(ModelError.INVALID_DEFINITION, object, "CREATE STREAM", "a source stream needs at least one column");
        }
        Set<String> names = new HashSet<>();
        for (Column column : source.columns()) {
            Checks.name(object, "column", column.name());
            if (!names.add(Identifiers.key(column.name()))) {
                throw new ModelException(ModelError.INVALID_DEFINITION, object, "column " + column.name(), "column " + column.name() + " is declared twice");
            }
            Checks.notBlank(object, "column " + column.name(), column.type(), "the type");
        }
        if (source.watermark().isPresent()) {
            Watermark watermark = source.watermark().get();
            String clause = "WATERMARK FOR " + watermark.column();
            Column column = source.column(watermark.column()).orElseThrow(() -> new ModelException(ModelError.UNDEFINED_COLUMN, object, clause,
                    "the stream has no column " + watermark.column() + Suggestions.didYouMean(watermark.column(), source.columns().stream().map(Column::name).toList())));
            if (!isTimestamp(column.type())) {
                throw new ModelException(ModelError.DATATYPE_MISMATCH, object, clause, "event time must be a TIMESTAMP column, not " + column.type());
            }
            Checks.notNegative(object, clause, Optional.of(watermark.delay()));
        }
        OptionCatalog.SOURCE_STREAM.check(object, source.options());
    }

    private static void query(String object, StreamQuery query, Function<String, Optional<Stream>> streams)
    {
        query.sinkTable().ifPresent(table -> Checks.name(object, "INTO", table));
        query.pool().ifPresent(pool -> Checks.name(object, "IN POOL", pool));
        OptionCatalog.QUERY_STREAM.check(object, query.options());
        query.window().ifPresent(window -> window(object, window, query.inputs(), streams));
        if (query.trigger().orElse(null) instanceof Trigger.ProcessingTime processingTime) {
            Checks.positive(object, "TRIGGER PROCESSING TIME", processingTime.interval());
        }
        Checks.retry(object, query.retry());
        Checks.positive(object, "SLA MAX LAG", query.maxLag());
        Checks.notBlank(object, "AS", query.query(), "the query");
        boolean emitFinal = query.emit() == dev.sparkjobs.planner.model.EmitMode.FINAL;
        boolean lateInto = query.lateData().action() == LateDataPolicy.Action.INTO;
        if (lateInto) {
            Checks.name(object, "LATE DATA INTO", query.lateData().table().orElse(""));
        }
        else if (query.lateData().table().isPresent()) {
            throw new ModelException(ModelError.INVALID_DEFINITION, object, "LATE DATA DROP", "only LATE DATA INTO takes a table");
        }
        if (emitFinal || lateInto) {
            needsWatermark(object, emitFinal ? "EMIT FINAL" : "LATE DATA INTO", query, streams);
        }
    }

    private static void window(String object, WindowClause clause, List<String> inputs, Function<String, Optional<Stream>> streams)
    {
        Window window = clause.window();
        if (window instanceof Window.Tumbling tumbling) {
            Checks.positive(object, "WINDOW TUMBLING SIZE", tumbling.size());
            Checks.notNegative(object, "WINDOW TUMBLING GRACE PERIOD", tumbling.grace());
        }
        else if (window instanceof Window.Hopping hopping) {
            Checks.positive(object, "WINDOW HOPPING SIZE", hopping.size());
            Checks.positive(object, "WINDOW HOPPING ADVANCE BY", hopping.advance());
            Checks.notNegative(object, "WINDOW HOPPING GRACE PERIOD", hopping.grace());
            if (hopping.advance().compareTo(hopping.size()) > 0) {
                throw new ModelException(ModelError.INVALID_DEFINITION, object, "WINDOW HOPPING ADVANCE BY",
                        "the advance " + hopping.advance() + " is longer than the window " + hopping.size() + ": rows between windows would be lost");
            }
        }
        else if (window instanceof Window.Session session) {
            Checks.positive(object, "WINDOW SESSION GAP", session.gap());
            Checks.notNegative(object, "WINDOW SESSION GRACE PERIOD", session.grace());
        }
        else if (((Window.CountTumbling) window).rows() < 1) {
            throw new ModelException(ModelError.INVALID_INTERVAL, object, "WINDOW TUMBLING SIZE", "a count window needs at least 1 row, not " + ((Window.CountTumbling) window).rows());
        }
        if (window.isTimeBased() && clause.timeColumn().isEmpty()) {
            throw new ModelException(ModelError.INVALID_DEFINITION, object, "WINDOW", "a time window needs ON time_column");
        }
        if (clause.timeColumn().isPresent() && window.isTimeBased()) {
            String name = clause.timeColumn().get();
            for (StreamSource source : sources(inputs, streams)) {
                Optional<Column> column = source.column(name);
                if (column.isPresent() && !isTimestamp(column.get().type())) {
                    throw new ModelException(ModelError.DATATYPE_MISMATCH, object, "WINDOW ... ON " + name,
                            "a window needs a TIMESTAMP column, and " + name + " is " + column.get().type());
                }
            }
        }
    }

    private static final java.util.regex.Pattern WINDOW_FUNCTION = java.util.regex.Pattern.compile("(?i)\\bTABLE\\s*\\(\\s*(TUMBLE|HOP|SESSION)\\s*\\(");

    /** The grace period of a window clause, if it has one. */
    private static final class WindowStatements
    {
        static Optional<java.time.Duration> grace(WindowClause clause)
        {
            if (clause.window() instanceof dev.sparkjobs.planner.model.Window.Tumbling tumbling) {
                return tumbling.grace();
            }
            if (clause.window() instanceof dev.sparkjobs.planner.model.Window.Hopping hopping) {
                return hopping.grace();
            }
            if (clause.window() instanceof dev.sparkjobs.planner.model.Window.Session session) {
                return session.grace();
            }
            return Optional.empty();
        }
    }

    private static void needsWatermark(String object, String clause, StreamQuery query, Function<String, Optional<Stream>> streams)
    {
        if (query.window().isEmpty() && WINDOW_FUNCTION.matcher(query.query()).find()) {
            return; // TABLE(TUMBLE|HOP|SESSION(...)) in the query: the runtime checks its time column's watermark
        }
        if (query.window().map(WindowStatements::grace).orElse(Optional.empty()).isPresent()) {
            return; // GRACE PERIOD gives the watermark
        }
        Optional<String> timeColumn = query.window().filter(window -> window.window().isTimeBased()).flatMap(WindowClause::timeColumn);
        if (timeColumn.isEmpty()) {
            throw new ModelException(ModelError.INVALID_DEFINITION, object, clause,
                    clause + " needs a time window (WINDOW ... ON time_column) over a stream with a WATERMARK");
        }
        String key = Identifiers.key(timeColumn.get());
        boolean watermarked = sources(query.inputs(), streams).stream()
                .anyMatch(source -> source.watermark().map(watermark -> Identifiers.key(watermark.column()).equals(key)).orElse(false));
        if (!watermarked) {
            throw new ModelException(ModelError.INVALID_DEFINITION, object, clause, clause + " needs a watermark on " + timeColumn.get()
                    + ": none of the streams read (" + String.join(", ", query.inputs()) + ") declares WATERMARK FOR " + timeColumn.get());
        }
    }

    private static List<StreamSource> sources(List<String> inputs, Function<String, Optional<Stream>> streams)
    {
        return inputs.stream()
                .map(streams)
                .flatMap(Optional::stream)
                .map(Stream::definition)
                .filter(StreamSource.class::isInstance)
                .map(StreamSource.class::cast)
                .toList();
    }

    static boolean isTimestamp(String type)
    {
        return TIMESTAMP_TYPES.contains(type.trim().toLowerCase(Locale.ROOT));
    }
}
