package dev.sparkjobs.pool.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code LATE DATA INTO table}: a stateless ingest stage ({@code foreachBatch}) in front of the
 * aggregation that decides lateness itself, exactly as Spark's stateful operator would, and
 * routes late rows to the dead-letter table instead of letting Spark drop them silently.
 *
 * <p>For batch {@code n} the watermark is Spark's: the largest event time of all earlier batches
 * minus the delay, never going back (starting at the epoch). It is written to the checkpoint
 * before anything else, so a replayed batch uses the same watermark. A row is late when the
 * latest window it falls in ends at or before the watermark ({@link WindowSpec#latestEndMillis}),
 * which is the test Spark's state store applies to a window aggregation's input; without a
 * window, when its event time is before the watermark.
 *
 * <p>Late rows go to the dead-letter table, partitioned by stream and batch id and written with
 * dynamic partition overwrite: a replay replaces its own partition. On-time rows are written to a
 * staging directory under the checkpoint as one {@code batch=n} directory, renamed into place
 * in one step and marked done, so the aggregation (a file stream over the staging directory,
 * with the same watermark delay) sees each batch whole and once. Its own watermark trails this
 * one (it only sees on-time rows, in batches no earlier), so it drops none of them.
 */
final class LateDataRouter
{
    static final String BATCH_COLUMN = "__batch";

    private final String stream;
    private final StructType sourceSchema;
    private final Optional<WindowSpec> window;
    private final String timeColumn;
    private final Duration delay;
    private final String deadLetterTable;
    private final String checkpoint;
    private final Map<Long, Long> lateRowsByBatch = new ConcurrentHashMap<>();

    LateDataRouter(String stream, StructType sourceSchema, Optional<WindowSpec> window, String timeColumn, Duration delay, String deadLetterTable, String checkpoint)
    {
        this.stream = requireNonNull(stream, "stream is null");
        this.sourceSchema = requireNonNull(sourceSchema, "sourceSchema is null");
        this.window = requireNonNull(window, "window is null");
        this.timeColumn = requireNonNull(timeColumn, "timeColumn is null");
        this.delay = requireNonNull(delay, "delay is null");
        this.deadLetterTable = requireNonNull(deadLetterTable, "deadLetterTable is null");
        this.checkpoint = requireNonNull(checkpoint, "checkpoint is null");
    }

    String ingestCheckpoint()
    {
        return checkpoint + "/ingest";
    }

    String stagingDirectory()
    {
        return checkpoint + "/staging";
    }

    /** The staging files' schema: the source's columns and the batch they came in. */
    StructType stagingSchema()
    {
        return sourceSchema.add(BATCH_COLUMN, DataTypes.LongType);
    }

    String timeColumn()
    {
        return timeColumn;
    }

    Duration delay()
    {
        return delay;
    }

    /** Late rows of a batch of the current run, once the batch has run. */
    Optional<Long> lateRows(long batchId)
    {
        return Optional.ofNullable(lateRowsByBatch.get(batchId));
    }

    static void createDeadLetterTable(SparkSession session, String table)
    {
        session.sql("CREATE TABLE IF NOT EXISTS " + table
                + " (watermark TIMESTAMP, reason STRING, event_time TIMESTAMP, original_row STRING, stream STRING, batch_id BIGINT)"
                + " USING parquet PARTITIONED BY (stream, batch_id)");
    }

    void process(Dataset<Row> batch, long batchId)
    {
        SparkSession session = batch.sparkSession();
        Configuration hadoop = session.sparkContext().hadoopConfiguration();
        long watermark = watermarkFor(hadoop, batchId);

        Column eventMillis = functions.unix_millis(col(StreamSources.quote(timeColumn)));
        Column late = window.map(spec -> lateInWindow(spec, eventMillis, watermark))
                .orElse(eventMillis.lt(lit(watermark)));
        late = functions.coalesce(late, lit(false));
        Dataset<Row> marked = batch.withColumn("__late", late).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row summary = marked.agg(functions.max(eventMillis), functions.count(functions.when(col("__late"), lit(1)))).first();
            long batchMax = summary.isNullAt(0) ? Long.MIN_VALUE : summary.getLong(0);
            long lateCount = summary.getLong(1);
            recordMaxEventTime(hadoop, batchId, batchMax);

            if (lateCount > 0) {
                Column original = functions.to_json(functions.struct(Arrays.stream(sourceSchema.fieldNames()).map(name -> col(StreamSources.quote(name))).toArray(Column[]::new)));
                Dataset<Row> deadLetters = marked.where(col("__late")).select(
                        lit(new Timestamp(watermark)).alias("watermark"),
                        lit(reason()).alias("reason"),
                        col(StreamSources.quote(timeColumn)).cast("timestamp").alias("event_time"),
                        original.alias("original_row"),
                        lit(stream).alias("stream"),
                        lit(batchId).alias("batch_id"));
                deadLetters.write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic").insertInto(deadLetterTable);
            }
            stage(hadoop, marked.where(functions.not(col("__late"))).drop("__late").withColumn(BATCH_COLUMN, lit(batchId)), batchId);
            lateRowsByBatch.put(batchId, lateCount);
        }
        finally {
            marked.unpersist();
        }
    }

    private String reason()
    {
        return window.isPresent()
                ? "late: every " + window.get().kind().name().toLowerCase(java.util.Locale.ROOT) + " window of the row had ended at or before the watermark"
                : "late: event time before the watermark";
    }

    private static Column lateInWindow(WindowSpec spec, Column eventMillis, long watermark)
    {
        Column end = switch (spec.kind()) {
            case SESSION -> eventMillis.plus(lit(spec.size().toMillis()));
            case TUMBLING, HOPPING -> eventMillis.minus(functions.pmod(eventMillis, lit(spec.slide().toMillis()))).plus(lit(spec.size().toMillis()));
        };
        return end.leq(lit(watermark));
    }

    /** On-time rows into {@code staging/batch=n}, whole and once. */
    private void stage(Configuration hadoop, Dataset<Row> onTime, long batchId)
    {
        try {
            Path done = new Path(checkpoint + "/late/staged-" + batchId);
            FileSystem fs = done.getFileSystem(hadoop);
            if (fs.exists(done)) {
                return;
            }
            Path temporary = new Path(checkpoint + "/staging-tmp/" + batchId);
            Path target = new Path(stagingDirectory() + "/" + BATCH_COLUMN + "=" + batchId);
            onTime.drop(BATCH_COLUMN).write().mode(SaveMode.Overwrite).parquet(temporary.toString());
            fs.mkdirs(target.getParent());
            if (fs.exists(target)) {
                // A replay after a crash between the rename and the mark: the target is complete.
                fs.delete(temporary, true);
            }
            else if (!fs.rename(temporary, target)) {
                throw new IOException("cannot move " + temporary + " to " + target);
            }
            write(fs, done, "");
        }
        catch (IOException e) {
            throw new UncheckedIOException("stream " + stream + ": cannot stage batch " + batchId, e);
        }
    }

    /** Spark's watermark for batch n: max event time of batches before n minus the delay, never decreasing. */
    private long watermarkFor(Configuration hadoop, long batchId)
    {
        try {
            Path state = new Path(checkpoint + "/late/watermark-" + batchId);
            FileSystem fs = state.getFileSystem(hadoop);
            if (fs.exists(state)) {
                return Long.parseLong(read(fs, state).split(" ")[0]);
            }
            long watermark = 0;
            long maxEventTime = Long.MIN_VALUE;
            Optional<Long> previous = previousBatch(fs, batchId);
            if (previous.isPresent()) {
                String[] fields = read(fs, new Path(checkpoint + "/late/watermark-" + previous.get())).split(" ");
                watermark = Long.parseLong(fields[0]);
                maxEventTime = fields.length > 1 ? Long.parseLong(fields[1]) : Long.MIN_VALUE;
                if (maxEventTime != Long.MIN_VALUE) {
                    watermark = Math.max(watermark, maxEventTime - delay.toMillis());
                }
            }
            write(fs, state, watermark + " " + Long.MIN_VALUE + " " + maxEventTime);
            return watermark;
        }
        catch (IOException e) {
            throw new UncheckedIOException("stream " + stream + ": cannot read the watermark of batch " + batchId, e);
        }
    }

    /** Records the largest event time seen up to and including batch n, for batch n + 1's watermark. */
    private void recordMaxEventTime(Configuration hadoop, long batchId, long batchMax)
    {
        try {
            Path state = new Path(checkpoint + "/late/watermark-" + batchId);
            FileSystem fs = state.getFileSystem(hadoop);
            String[] fields = read(fs, state).split(" ");
            long before = Long.parseLong(fields[2]);
            write(fs, state, fields[0] + " " + Math.max(before, batchMax) + " " + before);
        }
        catch (IOException e) {
            throw new UncheckedIOException("stream " + stream + ": cannot record the event time of batch " + batchId, e);
        }
    }

    private Optional<Long> previousBatch(FileSystem fs, long batchId)
            throws IOException
    {
        Path directory = new Path(checkpoint + "/late");
        if (!fs.exists(directory)) {
            return Optional.empty();
        }
        long best = -1;
        for (FileStatus status : fs.listStatus(directory)) {
            String name = status.getPath().getName();
            if (name.startsWith("watermark-")) {
                long id = Long.parseLong(name.substring("watermark-".length()));
                if (id < batchId && id > best) {
                    best = id;
                }
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(best);
    }

    private static String read(FileSystem fs, Path path)
            throws IOException
    {
        try (var in = fs.open(path)) {
            return new String(in.readAllBytes(), UTF_8).trim();
        }
    }

    /** Writes beside the target and renames over it, so a reader never sees half a file. */
    private static void write(FileSystem fs, Path path, String text)
            throws IOException
    {
        Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
        try (FSDataOutputStream out = fs.create(temporary, true)) {
            out.write(text.getBytes(UTF_8));
        }
        fs.delete(path, false);
        if (!fs.rename(temporary, path)) {
            throw new IOException("cannot move " + temporary + " to " + path);
        }
    }
}
