package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** {@code WINDOW ... ON time_column}; count windows may leave the column out. */
public record WindowClause(Window window, Optional<String> timeColumn)
{
    public WindowClause
    {
        requireNonNull(window, "window is null");
        requireNonNull(timeColumn, "timeColumn is null");
    }

    public static WindowClause on(Window window, String timeColumn)
    {
        return new WindowClause(window, Optional.of(timeColumn));
    }
}
