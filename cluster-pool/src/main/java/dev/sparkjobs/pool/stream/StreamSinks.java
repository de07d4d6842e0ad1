package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.sparkjobs.planner.model.EmitMode;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.Trigger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Where a continuous query writes, by the stream's {@code 'format'} option:
 * <ul>
 * <li>none, {@code parquet}, {@code orc}, {@code json}, {@code csv}: a managed table (the
 *     {@code INTO} table, else one named like the stream). {@code EMIT FINAL} and queries without
 *     state append through Spark's file sink, which commits each batch in its own log together
 *     with the checkpoint: exactly once. {@code EMIT CHANGES} of an aggregation writes each
 *     batch's changed rows with a {@code batch_id} column through {@code foreachBatch}, as an
 *     overwrite of that batch's partition: a replayed batch replaces itself, exactly once.</li>
 * <li>{@code delta}: Delta Lake at {@code 'path'} (default {@code <dataDir>/delta/<table>});
 *     append through Delta's streaming sink, changes through {@code foreachBatch} with Delta's
 *     idempotent writes ({@code txnAppId} = the stream, {@code txnVersion} = the batch id).</li>
 * <li>{@code kafka}: {@code 'topic'} and {@code kafka.*}; each row as a JSON value. At least once.</li>
 * <li>{@code memory}: a preview, queryable as the temp view named like the stream in the
 *     stream's session ({@link StreamRuntime#preview}).</li>
 * <li>{@code console}: Spark's console sink, for debugging.</li>
 * </ul>
 */
final class StreamSinks
{
    static final String BATCH_ID_COLUMN = "batch_id";

    private StreamSinks() {}

    static String format(StreamQuery query)
    {
        return StreamSources.option(query.options(), "format").orElse("parquet").toLowerCase(Locale.ROOT);
    }

    static String table(String stream, StreamQuery query)
    {
        return query.sinkTable().orElse(stream);
    }

    /** Starts the sink query with the stream's session active (connectors such as Delta read their settings from it). */
    static StreamingQuery start(String stream, StreamQuery query, StreamPlan plan, String checkpoint, String dataDirectory)
            throws TimeoutException
    {
        Optional<SparkSession> active = toOptional(SparkSession.getActiveSession());
        SparkSession.setActiveSession(plan.session());
        try {
            return startActive(stream, query, plan, checkpoint, dataDirectory);
        }
        finally {
            if (active.isPresent()) {
                SparkSession.setActiveSession(active.get());
            }
            else {
                SparkSession.clearActiveSession();
            }
        }
    }

    private static <T> Optional<T> toOptional(scala.Option<T> option)
    {
        return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
    }

    private static StreamingQuery startActive(String stream, StreamQuery query, StreamPlan plan, String checkpoint, String dataDirectory)
            throws TimeoutException
    {
        String format = format(query);
        boolean changes = query.emit() == EmitMode.CHANGES && plan.stateful();
        OutputMode mode = changes ? OutputMode.Update() : OutputMode.Append();
        DataStreamWriter<Row> writer = plan.result().writeStream()
                .queryName(stream)
                .outputMode(mode)
                .option("checkpointLocation", checkpoint);
        writer = trigger(writer, query.trigger());
        String table = table(stream, query);
        switch (format) {
            case "parquet", "orc", "json", "csv" -> {
                if (changes) {
                    return writer.foreachBatch(new ChangesIntoTable(table, format)).start();
                }
                return writer.format(format).toTable(table);
            }
            case "delta" -> {
                String path = StreamSources.option(query.options(), "path").orElse(dataDirectory + "/delta/" + table);
                if (changes) {
                    return writer.foreachBatch(new ChangesIntoDelta(stream, path)).start();
                }
                return writer.format("delta").start(path);
            }
            case "kafka" -> {
                String topic = StreamSources.option(query.options(), "topic")
                        .orElseThrow(() -> StreamErrors.invalid(stream, "WITH 'topic'", "a kafka sink needs 'topic'"));
                Dataset<Row> json = plan.result().select(functions.to_json(functions.struct(col("*"))).alias("value"));
                DataStreamWriter<Row> kafka = json.writeStream()
                        .queryName(stream)
                        .outputMode(mode)
                        .option("checkpointLocation", checkpoint)
                        .format("kafka")
                        .option("topic", topic);
                for (Map.Entry<String, String> option : query.options().entrySet()) {
                    if (option.getKey().toLowerCase(Locale.ROOT).startsWith("kafka.")) {
                        kafka = kafka.option(option.getKey(), option.getValue());
                    }
                }
                return trigger(kafka, query.trigger()).start();
            }
            case "memory" -> {
                return writer.format("memory").start();
            }
            case "console" -> {
                return writer.format("console").start();
            }
            default -> throw StreamErrors.unsupported(stream, "WITH 'format'", "the sink format '" + format + "' does not run yet; parquet, orc, json, csv, delta, kafka, memory and console do");
        }
    }

    /**
     * Without a TRIGGER clause a stream polls every quarter second: Spark's own default (start the
     * next batch at once) spins idle queries about a hundred times a second each.
     */
    static final long DEFAULT_TRIGGER_MILLIS = 250;

    static <T> DataStreamWriter<T> trigger(DataStreamWriter<T> writer, Optional<Trigger> trigger)
    {
        if (trigger.isEmpty()) {
            return writer.trigger(org.apache.spark.sql.streaming.Trigger.ProcessingTime(DEFAULT_TRIGGER_MILLIS));
        }
        if (trigger.get() instanceof Trigger.ProcessingTime processingTime) {
            return writer.trigger(org.apache.spark.sql.streaming.Trigger.ProcessingTime(processingTime.interval().toMillis()));
        }
        return writer.trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow());
    }

    /** Update mode into a table: each batch's changed rows, keyed by batch id, replaced on replay. */
    private record ChangesIntoTable(String table, String format)
            implements VoidFunction2<Dataset<Row>, Long>
    {
        @Override
        public void call(Dataset<Row> batch, Long batchId)
        {
            SparkSession session = batch.sparkSession();
            Dataset<Row> rows = batch.withColumn(BATCH_ID_COLUMN, lit(batchId));
            if (!session.catalog().tableExists(table)) {
                rows.limit(0).write().format(format).partitionBy(BATCH_ID_COLUMN).saveAsTable(table);
            }
            rows.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").insertInto(table);
        }
    }

    /** Update mode into Delta: Delta skips a (stream, batch id) it has already committed. */
    private record ChangesIntoDelta(String stream, String path)
            implements VoidFunction2<Dataset<Row>, Long>
    {
        ChangesIntoDelta
        {
            requireNonNull(stream, "stream is null");
            requireNonNull(path, "path is null");
        }

        @Override
        public void call(Dataset<Row> batch, Long batchId)
        {
            batch.withColumn(BATCH_ID_COLUMN, lit(batchId)).write().format("delta").mode(SaveMode.Append)
                    .option("txnAppId", stream)
                    .option("txnVersion", batchId)
                    .save(path);
        }
    }
}
