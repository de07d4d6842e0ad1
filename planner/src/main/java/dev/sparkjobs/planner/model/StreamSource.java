package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code CREATE STREAM name (columns, WATERMARK FOR ...) WITH ('connector' = ..., ...)}: a
 * continuous source. {@code options} holds the connector's settings in the order written.
 */
public record StreamSource(List<Column> columns, Optional<Watermark> watermark, Map<String, String> options)
        implements StreamDefinition
{
    public StreamSource
    {
        columns = Identifiers.listCopy(columns, "columns");
        requireNonNull(watermark, "watermark is null");
        options = Identifiers.orderedCopy(options, "options");
    }

    public Optional<Column> column(String name)
    {
        String key = Identifiers.key(name);
        return columns.stream().filter(column -> Identifiers.key(column.name()).equals(key)).findFirst();
    }
}
