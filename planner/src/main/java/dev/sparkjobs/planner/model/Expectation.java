package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code CONSTRAINT name EXPECT (boolean_expr) [ON VIOLATION ...]}: a data-quality rule on the rows
 * a job writes. The condition is SQL text as the user wrote it; {@code quarantineTable} is set
 * exactly when the action is QUARANTINE.
 */
public record Expectation(String name, String condition, OnViolation onViolation, Optional<String> quarantineTable)
{
    public enum OnViolation
    {
        WARN, DROP_ROW, FAIL, QUARANTINE
    }

    public Expectation
    {
        requireNonNull(name, "name is null");
        requireNonNull(condition, "condition is null");
        requireNonNull(onViolation, "onViolation is null");
        requireNonNull(quarantineTable, "quarantineTable is null");
    }

    public static Expectation of(String name, String condition, OnViolation onViolation)
    {
        return new Expectation(name, condition, onViolation, Optional.empty());
    }
}
