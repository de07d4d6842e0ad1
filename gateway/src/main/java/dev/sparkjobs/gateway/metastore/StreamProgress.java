package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** One micro-batch of a running stream, as Spark's query progress reports it. */
public record StreamProgress(
        String streamName,
        String queryRunId,
        long batchId,
        Instant recordedAt,
        long inputRows,
        OptionalDouble inputRowsPerSecond,
        OptionalDouble processedRowsPerSecond,
        OptionalLong batchDurationMillis,
        Optional<Instant> eventTimeWatermark,
        OptionalLong lateRows,
        OptionalLong stateRows,
        OptionalLong lagMillis)
{
    public StreamProgress
    {
        requireNonNull(streamName, "streamName is null");
        requireNonNull(queryRunId, "queryRunId is null");
        requireNonNull(recordedAt, "recordedAt is null");
        requireNonNull(inputRowsPerSecond, "inputRowsPerSecond is null");
        requireNonNull(processedRowsPerSecond, "processedRowsPerSecond is null");
        requireNonNull(batchDurationMillis, "batchDurationMillis is null");
        requireNonNull(eventTimeWatermark, "eventTimeWatermark is null");
        requireNonNull(lateRows, "lateRows is null");
        requireNonNull(stateRows, "stateRows is null");
        requireNonNull(lagMillis, "lagMillis is null");
    }
}
