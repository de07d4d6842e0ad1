package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import java.time.Duration;
import java.util.Optional;

/**
 * An event-time window as Spark runs it: {@code window(time, size, slide)} for tumbling
 * ({@code slide == size}) and hopping windows, {@code session_window(time, gap)} for sessions.
 * Spark aligns windows to the epoch, as ksqlDB and Flink do.
 */
public record WindowSpec(Kind kind, String timeColumn, Duration size, Duration slide)
{
    public enum Kind
    {
        TUMBLING, HOPPING, SESSION
    }

    public WindowSpec
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(timeColumn, "timeColumn is null");
        requireNonNull(size, "size is null");
        requireNonNull(slide, "slide is null");
        if (size.isNegative() || size.isZero() || slide.isNegative() || slide.isZero()) {
            throw new IllegalArgumentException("window size and slide must be positive");
        }
    }

    public static WindowSpec tumbling(String timeColumn, Duration size)
    {
        return new WindowSpec(Kind.TUMBLING, timeColumn, size, size);
    }

    public static WindowSpec hopping(String timeColumn, Duration size, Duration slide)
    {
        return new WindowSpec(Kind.HOPPING, timeColumn, size, slide);
    }

    /** A session window: {@code size} is the gap that closes a session. */
    public static WindowSpec session(String timeColumn, Duration gap)
    {
        return new WindowSpec(Kind.SESSION, timeColumn, gap, gap);
    }

    /** The time window of a ksqlDB {@code WINDOW ... ON column} clause; count windows have none. */
    static Optional<WindowSpec> of(WindowClause clause)
    {
        Window window = clause.window();
        String column = clause.timeColumn().orElse("");
        if (window instanceof Window.Tumbling tumbling) {
            return Optional.of(tumbling(column, tumbling.size()));
        }
        if (window instanceof Window.Hopping hopping) {
            return Optional.of(hopping(column, hopping.size(), hopping.advance()));
        }
        if (window instanceof Window.Session session) {
            return Optional.of(session(column, session.gap()));
        }
        return Optional.empty();
    }

    /** The name of the struct column Spark gives the window: {@code window} or {@code session_window}. */
    public String columnName()
    {
        return kind == Kind.SESSION ? "session_window" : "window";
    }

    /**
     * The latest end of any window an event at {@code eventMillis} falls in, as Spark computes it
     * before merging sessions. Spark's stateful operator drops an input row as late when this
     * end is at or before the watermark.
     */
    public long latestEndMillis(long eventMillis)
    {
        if (kind == Kind.SESSION) {
            return eventMillis + size.toMillis();
        }
        long slideMillis = slide.toMillis();
        long lastStart = eventMillis - Math.floorMod(eventMillis, slideMillis);
        return lastStart + size.toMillis();
    }
}
