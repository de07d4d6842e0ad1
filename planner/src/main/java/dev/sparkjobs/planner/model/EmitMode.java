package dev.sparkjobs.planner.model;

/**
 * {@code EMIT CHANGES} (the default: every update of a result row, Spark's update mode) or
 * {@code EMIT FINAL} (each window once, when the watermark passes its end: Spark's append mode).
 */
public enum EmitMode
{
    CHANGES, FINAL
}
