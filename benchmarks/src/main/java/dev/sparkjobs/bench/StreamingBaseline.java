package dev.sparkjobs.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.window;

import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import dev.sparkjobs.pool.embedded.EmbeddedEngineConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * P6's baseline: the windowed aggregation of {@link StreamingBenchmark} as a hand-written
 * Structured Streaming job, on an engine started exactly as the gateway starts its own (the same
 * {@link EmbeddedEngine}, a session of its own as each stream gets). Started on the gateway's
 * classpath:
 *
 * <pre>java ... dev.sparkjobs.bench.StreamingBaseline DATA_DIR WARMUP_INPUT INPUT FILES_PER_TRIGGER</pre>
 *
 * It runs the job once on the warm-up input, then on the input, and prints
 * {@code STREAMED rows,batchMillis,wallMillis,batches} for the second run.
 */
public final class StreamingBaseline
{
    static final String STREAMED = "STREAMED ";

    private StreamingBaseline() {}

    public static void main(String[] args)
    {
        if (args.length != 4) {
            System.err.println("usage: StreamingBaseline DATA_DIR WARMUP_INPUT INPUT FILES_PER_TRIGGER");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        int status = 0;
        try (EmbeddedEngine engine = EmbeddedEngine.start(new EmbeddedEngineConfig(data, "local[*]", Map.of(), false))) {
            run(engine.spark().newSession(), args[1], data.resolve("baseline-warmup"), "p6_baseline_warmup", args[3]);
            long[] measured = run(engine.spark().newSession(), args[2], data.resolve("baseline"), "p6_baseline", args[3]);
            System.out.println(STREAMED + measured[0] + "," + measured[1] + "," + measured[2] + "," + measured[3]);
            System.out.flush();
        }
        catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // Spark leaves non-daemon threads behind after stop().
        System.exit(status);
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
