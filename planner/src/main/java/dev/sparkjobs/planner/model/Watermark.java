package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** {@code WATERMARK FOR column AS column - INTERVAL ...}: event time and how late rows may arrive. */
public record Watermark(String column, Duration delay)
{
    public Watermark
    {
        requireNonNull(column, "column is null");
        requireNonNull(delay, "delay is null");
    }
}
