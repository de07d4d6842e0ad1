package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** {@code LATE DATA DROP | LATE DATA INTO table}: where rows behind the watermark go. */
public record LateDataPolicy(Action action, Optional<String> table)
{
    public static final LateDataPolicy DROP = new LateDataPolicy(Action.DROP, Optional.empty());

    public enum Action
    {
        DROP, INTO
    }

    public LateDataPolicy
    {
        requireNonNull(action, "action is null");
        requireNonNull(table, "table is null");
    }

    public static LateDataPolicy into(String table)
    {
        return new LateDataPolicy(Action.INTO, Optional.of(table));
    }
}
