package dev.sparkjobs.planner.validation;

import static dev.sparkjobs.planner.validation.Errors.assertFails;

import dev.sparkjobs.planner.model.Column;
import dev.sparkjobs.planner.model.EmitMode;
import dev.sparkjobs.planner.model.LateDataPolicy;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.Watermark;
import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StreamValidatorTest
{
    private static final Map<String, String> KAFKA = Map.of("connector", "kafka", "topic", "clicks", "kafka.bootstrap.servers", "localhost:9092");
    private static final List<Column> COLUMNS = List.of(new Column("user_id", "BIGINT"), new Column("page", "STRING"), new Column("ts", "TIMESTAMP"));
    private static final Stream CLICKS = Stream.of("clicks", new StreamSource(COLUMNS, Optional.of(new Watermark("ts", Duration.ofSeconds(10))), KAFKA));
    private static final Stream RAW = Stream.of("raw", new StreamSource(COLUMNS, Optional.empty(), KAFKA));
    private static final Function<String, Optional<Stream>> CATALOG = name -> List.of(CLICKS, RAW).stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();

    private static Stream query(Optional<WindowClause> window, EmitMode emit, LateDataPolicy late, String... inputs)
    {
        return Stream.of("per_minute", new StreamQuery(Optional.of("sink"), Optional.empty(), Map.of("checkpoint.location", "/tmp/c"), window,
                Optional.of(new Trigger.ProcessingTime(Duration.ofSeconds(30))), emit, late, Retry.NONE, Optional.of(Duration.ofMinutes(5)),
                List.of(inputs), "SELECT window_start, page, COUNT(*) FROM clicks GROUP BY 1, 2"));
    }

    private static Optional<WindowClause> tumbling(String column)
    {
        return Optional.of(WindowClause.on(new Window.Tumbling(Duration.ofMinutes(1), Optional.of(Duration.ZERO)), column));
    }

    @Test
    void validStreamsPass()
    {
        StreamValidator.validate(CLICKS, CATALOG);
        StreamValidator.validate(query(tumbling("ts"), EmitMode.FINAL, LateDataPolicy.into("late_clicks"), "clicks"), CATALOG);
        StreamValidator.validate(query(Optional.of(WindowClause.on(new Window.Hopping(Duration.ofMinutes(5), Duration.ofMinutes(1), Optional.empty()), "ts")),
                EmitMode.CHANGES, LateDataPolicy.DROP, "raw"), CATALOG);
        StreamValidator.validate(query(Optional.of(new WindowClause(new Window.CountTumbling(1000), Optional.empty())), EmitMode.CHANGES, LateDataPolicy.DROP, "raw"), CATALOG);
        StreamValidator.validate(Stream.of("q", StreamQuery.of(List.of("clicks"), "SELECT * FROM clicks")), CATALOG);
    }

    @Test
    void emitFinalNeedsAWatermark()
    {
        Optional<WindowClause> noGrace = Optional.of(WindowClause.on(new Window.Tumbling(Duration.ofMinutes(1), Optional.empty()), "ts"));
        assertFails(ModelError.INVALID_DEFINITION, "EMIT FINAL", () -> StreamValidator.validate(query(noGrace, EmitMode.FINAL, LateDataPolicy.DROP, "raw"), CATALOG),
                "needs a watermark on ts", "raw");
        // A GRACE PERIOD is the watermark when the source declares none.
        StreamValidator.validate(query(tumbling("ts"), EmitMode.FINAL, LateDataPolicy.DROP, "raw"), CATALOG);
        assertFails(ModelError.INVALID_DEFINITION, "EMIT FINAL", () -> StreamValidator.validate(query(Optional.empty(), EmitMode.FINAL, LateDataPolicy.DROP, "clicks"), CATALOG),
                "needs a time window");
        assertFails(ModelError.INVALID_DEFINITION, "LATE DATA INTO", () -> StreamValidator.validate(query(noGrace, EmitMode.CHANGES, LateDataPolicy.into("late"), "raw"), CATALOG));
    }

    @Test
    void windowsNeedPositiveSizesAndATimestampColumn()
    {
        assertFails(ModelError.INVALID_INTERVAL, "WINDOW TUMBLING SIZE", () -> StreamValidator.validate(query(Optional.of(WindowClause.on(
                new Window.Tumbling(Duration.ZERO, Optional.empty()), "ts")), EmitMode.CHANGES, LateDataPolicy.DROP, "clicks"), CATALOG));
        assertFails(ModelError.INVALID_INTERVAL, "WINDOW TUMBLING GRACE PERIOD", () -> StreamValidator.validate(query(Optional.of(WindowClause.on(
                new Window.Tumbling(Duration.ofMinutes(1), Optional.of(Duration.ofSeconds(-1))), "ts")), EmitMode.CHANGES, LateDataPolicy.DROP, "clicks"), CATALOG));
        assertFails(ModelError.INVALID_DEFINITION, "WINDOW HOPPING ADVANCE BY", () -> StreamValidator.validate(query(Optional.of(WindowClause.on(
                new Window.Hopping(Duration.ofMinutes(1), Duration.ofMinutes(5), Optional.empty()), "ts")), EmitMode.CHANGES, LateDataPolicy.DROP, "clicks"), CATALOG), "longer than the window");
        assertFails(ModelError.INVALID_INTERVAL, "WINDOW HOPPING ADVANCE BY", () -> StreamValidator.validate(query(Optional.of(WindowClause.on(
                new Window.Hopping(Duration.ofMinutes(1), Duration.ZERO, Optional.empty()), "ts")), EmitMode.CHANGES, LateDataPolicy.DROP, "clicks"), CATALOG));
        assertFails(ModelError.INVALID_INTERVAL, "WINDOW SESSION GAP", () -> StreamValidator.validate(query(Optional.of(WindowClause.on(
                new Window.Session(Duration.ofSeconds(-5), Optional.empty()), "ts")), EmitMode.CHANGES, LateDataPolicy.DROP, "clicks"), CATALOG));
        assertFails(ModelError.INVALID_INTERVAL, "WINDOW TUMBLING SIZE", () -> StreamValidator.validate(query(Optional.of(new WindowClause(
                new Window.CountTumbling(0), Optional.empty())), EmitMode.CHANGES, LateDataPolicy.DROP, "clicks"), CATALOG), "at least 1 row");
        assertFails(ModelError.INVALID_DEFINITION, "WINDOW", () -> StreamValidator.validate(query(Optional.of(new WindowClause(
                new Window.Tumbling(Duration.ofMinutes(1), Optional.empty()), Optional.empty())), EmitMode.CHANGES, LateDataPolicy.DROP, "clicks"), CATALOG), "ON time_column");
        assertFails(ModelError.DATATYPE_MISMATCH, "WINDOW ... ON page",
                () -> StreamValidator.validate(query(tumbling("page"), EmitMode.CHANGES, LateDataPolicy.DROP, "clicks"), CATALOG), "page is STRING");
    }

    @Test
    void queryClauses()
    {
        Stream badTrigger = Stream.of("q", new StreamQuery(Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.of(new Trigger.ProcessingTime(Duration.ZERO)),
                EmitMode.CHANGES, LateDataPolicy.DROP, Retry.NONE, Optional.empty(), List.of(), "SELECT 1"));
        assertFails(ModelError.INVALID_INTERVAL, "TRIGGER PROCESSING TIME", () -> StreamValidator.validate(badTrigger, CATALOG));
        Stream badLag = Stream.of("q", new StreamQuery(Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
                EmitMode.CHANGES, LateDataPolicy.DROP, Retry.NONE, Optional.of(Duration.ZERO), List.of(), "SELECT 1"));
        assertFails(ModelError.INVALID_INTERVAL, "SLA MAX LAG", () -> StreamValidator.validate(badLag, CATALOG));
        Stream badOption = Stream.of("q", new StreamQuery(Optional.empty(), Optional.empty(), Map.of("checkpoint.locaton", "/c"), Optional.empty(), Optional.empty(),
                EmitMode.CHANGES, LateDataPolicy.DROP, Retry.NONE, Optional.empty(), List.of(), "SELECT 1"));
        assertFails(ModelError.UNKNOWN_OPTION, "WITH 'checkpoint.locaton'", () -> StreamValidator.validate(badOption, CATALOG), "checkpoint.location");
        assertFails(ModelError.INVALID_DEFINITION, "AS", () -> StreamValidator.validate(Stream.of("q", StreamQuery.of(List.of(), " ")), CATALOG));
        Stream dropWithTable = Stream.of("q", new StreamQuery(Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(),
                EmitMode.CHANGES, new LateDataPolicy(LateDataPolicy.Action.DROP, Optional.of("t")), Retry.NONE, Optional.empty(), List.of(), "SELECT 1"));
        assertFails(ModelError.INVALID_DEFINITION, "LATE DATA DROP", () -> StreamValidator.validate(dropWithTable, CATALOG));
    }

    @Test
    void sourceRules()
    {
        assertFails(ModelError.UNDEFINED_COLUMN, "WATERMARK FOR tss", () -> StreamValidator.validate(Stream.of("s",
                new StreamSource(COLUMNS, Optional.of(new Watermark("tss", Duration.ZERO)), KAFKA)), CATALOG), "did you mean 'ts'?");
        assertFails(ModelError.DATATYPE_MISMATCH, "WATERMARK FOR page", () -> StreamValidator.validate(Stream.of("s",
                new StreamSource(COLUMNS, Optional.of(new Watermark("page", Duration.ZERO)), KAFKA)), CATALOG), "not STRING");
        assertFails(ModelError.INVALID_INTERVAL, "WATERMARK FOR ts", () -> StreamValidator.validate(Stream.of("s",
                new StreamSource(COLUMNS, Optional.of(new Watermark("ts", Duration.ofSeconds(-1))), KAFKA)), CATALOG));
        assertFails(ModelError.INVALID_DEFINITION, "column TS", () -> StreamValidator.validate(Stream.of("s",
                new StreamSource(List.of(new Column("ts", "TIMESTAMP"), new Column("TS", "TIMESTAMP")), Optional.empty(), KAFKA)), CATALOG), "twice");
        assertFails(ModelError.INVALID_DEFINITION, "CREATE STREAM", () -> StreamValidator.validate(Stream.of("s",
                new StreamSource(List.of(), Optional.empty(), KAFKA)), CATALOG), "at least one column");
        assertFails(ModelError.INVALID_DEFINITION, "WITH", () -> StreamValidator.validate(Stream.of("s",
                new StreamSource(COLUMNS, Optional.empty(), Map.of("topic", "t"))), CATALOG), "'connector'");
    }
}
