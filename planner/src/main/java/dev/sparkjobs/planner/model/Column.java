package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

/** A column of a source stream: its name and its Spark SQL type as written ({@code BIGINT}, {@code TIMESTAMP}). */
public record Column(String name, String type)
{
    public Column
    {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
