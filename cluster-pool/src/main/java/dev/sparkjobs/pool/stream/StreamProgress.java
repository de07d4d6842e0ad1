package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One micro-batch of one stream: a row of {@code system.stream_progress}. {@code lateRows} counts
 * rows behind the watermark (sent to the dead-letter table, or dropped by Spark's stateful
 * operator); {@code lagMillis} is how far the newest event of the batch is behind the clock
 * ({@code recordedAt - max event time}), empty without a watermark (Spark reports event times
 * only then). A stream with {@code LATE DATA INTO} runs two Spark queries, the ingest stage
 * (input, late rows) and the aggregation (state): each reports its own records under its run id.
 */
public record StreamProgress(
        String stream,
        UUID runId,
        long batchId,
        Instant recordedAt,
        long inputRows,
        double inputRowsPerSecond,
        double processedRowsPerSecond,
        long batchDurationMillis,
        Optional<Instant> watermark,
        long lateRows,
        long stateRows,
        long stateBytes,
        Optional<Long> lagMillis)
{
    public StreamProgress
    {
        requireNonNull(stream, "stream is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(recordedAt, "recordedAt is null");
        requireNonNull(watermark, "watermark is null");
        requireNonNull(lagMillis, "lagMillis is null");
    }
}
