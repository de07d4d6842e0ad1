package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A continuous query made ready to start: its own Spark session (temp views of the source
 * streams), the compiled SQL, the result, and whether it holds state (an aggregation).
 * {@code lateRouting} is set when {@code LATE DATA INTO} puts an ingest stage before the query.
 */
record StreamPlan(
        SparkSession session,
        CompiledQuery compiled,
        Dataset<Row> result,
        boolean stateful,
        Optional<LateDataRouter> lateRouting,
        Optional<String> startingOffsets)
{
    StreamPlan
    {
        requireNonNull(session, "session is null");
        requireNonNull(compiled, "compiled is null");
        requireNonNull(result, "result is null");
        requireNonNull(lateRouting, "lateRouting is null");
        requireNonNull(startingOffsets, "startingOffsets is null");
    }
}
