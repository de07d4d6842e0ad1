package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code CREATE STREAM name [INTO sink] ... AS SELECT ...}: a continuous query. {@code inputs}
 * names the streams and tables the query reads (the planner fills it from the query's FROM
 * clause); {@code query} is the SELECT as the user wrote it. Without a sink the query writes a
 * managed table named like the stream; {@code 'checkpoint.location'} and sink settings are options.
 */
public record StreamQuery(
        Optional<String> sinkTable,
        Optional<String> pool,
        Map<String, String> options,
        Optional<WindowClause> window,
        Optional<Trigger> trigger,
        EmitMode emit,
        LateDataPolicy lateData,
        Retry retry,
        Optional<Duration> maxLag,
        List<String> inputs,
        String query)
        implements StreamDefinition
{
    public StreamQuery
    {
        requireNonNull(sinkTable, "sinkTable is null");
        requireNonNull(pool, "pool is null");
        options = Identifiers.orderedCopy(options, "options");
        requireNonNull(window, "window is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(emit, "emit is null");
        requireNonNull(lateData, "lateData is null");
        requireNonNull(retry, "retry is null");
        requireNonNull(maxLag, "maxLag is null");
        inputs = Identifiers.listCopy(inputs, "inputs");
        requireNonNull(query, "query is null");
    }

    /** A query with every clause at its default: no window, Spark's default trigger, EMIT CHANGES. */
    public static StreamQuery of(List<String> inputs, String query)
    {
        return new StreamQuery(Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), EmitMode.CHANGES,
                LateDataPolicy.DROP, Retry.NONE, Optional.empty(), inputs, query);
    }
}
