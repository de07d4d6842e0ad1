package dev.sparkjobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.window;

import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * P6's baseline: the windowed aggregation of {@link StreamingBenchmark} as a hand-written
 * Structured Streaming job, on an engine started exactly as the gateway starts its own (the same
 * {@link EmbeddedEngine}, a session of its own as each stream gets), in the run's
 * {@link InProcessBaseline} JVM. It runs the job once on the warm-up input, then on the input.
 */
final class StreamingBaseline
{
    private StreamingBaseline() {}

    /** The second run's rows, summed batch milliseconds, wall milliseconds and batches. */
    static long[] measure(EmbeddedEngine engine, String warmupInput, String input, String filesPerTrigger, Path output)
            throws Exception
    {
        run(engine.spark().newSession(), warmupInput, output.resolve("baseline-warmup"), "p6_baseline_warmup", filesPerTrigger);
        return run(engine.spark().newSession(), input, output.resolve("baseline"), "p6_baseline", filesPerTrigger);
    }

    /** Runs the job to the end of its input; returns rows, summed batch milliseconds, wall milliseconds, batches. */
    private static long[] run(SparkSession session, String input, Path output, String table, String filesPerTrigger)
            throws Exception
    {
        session.sql("DROP TABLE IF EXISTS " + table);
        long started = System.nanoTime();
        Dataset<Row> bids = session.readStream()
                .schema(NexmarkBids.SPARK_SCHEMA)
                .option("maxFilesPerTrigger", filesPerTrigger)
                .json(input)
                .withWatermark("date_time", "5 seconds");
        StreamingQuery query = bids.groupBy(window(col("date_time"), "10 seconds"), col("auction"))
                .agg(count(lit(1)).as("bids"), max(col("price")).as("top_price"))
                .select(col("auction"), col("window.start").as("window_start"), col("window.end").as("window_end"), col("bids"), col("top_price"))
                .writeStream()
                .format("parquet")
                .outputMode("append")
                .option("checkpointLocation", output.resolve("checkpoint").toString())
                .trigger(Trigger.AvailableNow())
                // Into a catalog table, as the gateway's stream writes its sink.
                .toTable(table);
        query.awaitTermination();
        long wall = (System.nanoTime() - started) / 1_000_000;
        // The progress of every batch with input, as the gateway's side reads it from system.stream_progress.
        long rows = 0;
        long batchMillis = 0;
        StreamingQueryProgress[] progress = query.recentProgress();
        long batches = 0;
        for (StreamingQueryProgress batch : progress) {
            if (batch.numInputRows() == 0) {
                continue;
            }
            rows += batch.numInputRows();
            Long millis = batch.durationMs().get("triggerExecution");
            batchMillis += millis == null ? 0 : millis;
            batches++;
        }
        return new long[] {rows, batchMillis, wall, batches};
    }
}
