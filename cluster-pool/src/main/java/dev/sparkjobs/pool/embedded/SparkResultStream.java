package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.classic.Dataset;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.SQLExecution$;
import org.apache.spark.sql.execution.arrow.ArrowConverters$;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Streams a Dataset as Arrow batches in partition order while every partition is computed in
 * parallel in one Spark job. Executors convert rows to Arrow IPC themselves. A partition's
 * batches come back in memory when they are small; past {@link #IN_MEMORY_BYTES} the task
 * spools them to a file in the engine's scratch directory, which this stream reads back batch by
 * batch and deletes. So the driver holds a bounded amount of the result whatever its size, and no
 * task ever waits for the client. (Executors of the embedded and process engines share the
 * driver's file system; engines with remote executors stream another way.)
 */
final class SparkResultStream
        implements ResultStream
{
    static final long IN_MEMORY_BYTES = 1L << 20;

    private final SparkSession spark;
    private final Schema schema;
    private final String operationId;
    private final BufferAllocator allocator;
    private final Path spoolDirectory;
    private final List<CompletableFuture<PartitionResult>> partitions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> job;
    private final java.util.Map<String, String> mdc;

    private int nextPartition;
    private PartitionReader current;

    /** What a task returns: its batches, or the file it spooled them to. */
    record PartitionResult(byte[][] batches, String spoolFile, long bytes)
            implements Serializable {}

    SparkResultStream(SparkSession spark, Dataset<Row> dataset, Schema schema, String operationId, BufferAllocator allocator, Path spoolDirectory, Executor runner)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.operationId = requireNonNull(operationId, "operationId is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.spoolDirectory = requireNonNull(spoolDirectory, "spoolDirectory is null");
        this.mdc = mdcProperties(spark.sparkContext());
        RDD<byte[]> batches = dataset.toArrowBatchRdd();
        int count = batches.getNumPartitions();
        this.partitions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            partitions.add(new CompletableFuture<>());
        }
        this.job = count == 0 ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(() -> run(batches), runner);
        job.whenComplete((ignored, failure) -> {
            if (failure != null) {
                partitions.forEach(partition -> partition.completeExceptionally(failure));
            }
        });
    }

    private void run(RDD<byte[]> batches)
    {
        SparkContext context = spark.sparkContext();
        SparkSession.setActiveSession(spark);
        context.setJobGroup(operationId, "fetch " + operationId, true);
        // The caller's mdc.* local properties (Spark puts them into its tasks' log MDC) go with the job; a pooled thread's stale ones do not.
        mdcProperties(context).keySet().forEach(key -> context.setLocalProperty(key, null));
        mdc.forEach(context::setLocalProperty);
        try {
            SQLExecution$.MODULE$.withSQLConfPropagated(spark, new AbstractFunction0<BoxedUnit>()
            {
                @Override
                public BoxedUnit apply()
                {
                    context.runJob(batches, new Spool(spoolDirectory.toString(), operationId), new AbstractFunction2<Object, PartitionResult, BoxedUnit>()
                    {
                        @Override
                        public BoxedUnit apply(Object index, PartitionResult result)
                        {
                            if (closed.get()) {
                                delete(result);
                            }
                            else {
                                partitions.get((Integer) index).complete(result);
                            }
                            return BoxedUnit.UNIT;
                        }
                    }, ClassTag$.MODULE$.apply(PartitionResult.class));
                    return BoxedUnit.UNIT;
                }
            });
        }
        finally {
            context.clearJobGroup();
            mdc.keySet().forEach(key -> context.setLocalProperty(key, null));
        }
    }

    /** The calling thread's Spark local properties named {@code mdc.*}. */
    private static java.util.Map<String, String> mdcProperties(SparkContext context)
    {
        java.util.Map<String, String> found = new java.util.HashMap<>();
        java.util.Properties properties = context.getLocalProperties();
        if (properties != null) {
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("mdc.")) {
                    found.put(key, properties.getProperty(key));
                }
            }
        }
        return found;
    }

    @Override
    public Schema schema()
    {
        return schema;
    }

    @Override
    public ArrowRecordBatch next()
            throws SqlServiceException
    {
        while (true) {
            if (closed.get()) {
                throw SparkErrors.cancelled(null);
            }
            if (current != null) {
                byte[] bytes = current.next();
                if (bytes != null) {
                    return ArrowConverters$.MODULE$.loadBatch(bytes, allocator);
                }
                current.close();
                current = null;
            }
            if (nextPartition >= partitions.size()) {
                return null;
            }
            try {
                current = new PartitionReader(partitions.get(nextPartition++).get());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SparkErrors.cancelled(e);
            }
            catch (ExecutionException e) {
                throw closed.get() ? SparkErrors.cancelled(e.getCause()) : SparkErrors.translate(e.getCause());
            }
        }
    }

    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!job.isDone()) {
            spark.sparkContext().cancelJobGroup(operationId);
        }
        if (current != null) {
            current.close();
            current = null;
        }
        for (CompletableFuture<PartitionResult> partition : partitions) {
            partition.thenAccept(SparkResultStream::delete);
        }
        // Tasks killed while spooling leave partial files behind.
        job.whenComplete((ignored, failure) -> deleteLeftovers());
    }

    private void deleteLeftovers()
    {
        String prefix = operationId.replaceAll("[^A-Za-z0-9._-]", "_") + "-";
        try (var files = Files.list(spoolDirectory)) {
            files.filter(file -> file.getFileName().toString().startsWith(prefix)).forEach(file -> file.toFile().delete());
        }
        catch (IOException ignored) {
            // the engine clears its spool directory when it starts
        }
    }

    private static void delete(PartitionResult result)
    {
        if (result.spoolFile() != null) {
            try {
                Files.deleteIfExists(Path.of(result.spoolFile()));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reads one partition's batches, from memory or from its spool file. */
    private static final class PartitionReader
            implements AutoCloseable
    {
        private final PartitionResult result;
        private final DataInputStream file;
        private int index;

        PartitionReader(PartitionResult result)
                throws SqlServiceException
        {
            this.result = result;
            try {
                this.file = result.spoolFile() == null ? null : new DataInputStream(new BufferedInputStream(Files.newInputStream(Path.of(result.spoolFile())), 1 << 16));
            }
            catch (IOException e) {
                throw new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "cannot read a spooled result: " + e.getMessage(), e);
            }
        }

        byte[] next()
                throws SqlServiceException
        {
            if (file == null) {
                if (index >= result.batches().length) {
                    return null;
                }
                byte[] bytes = result.batches()[index];
                result.batches()[index++] = null;
                return bytes;
            }
            try {
                int length = file.readInt();
                byte[] bytes = new byte[length];
                file.readFully(bytes);
                return bytes;
            }
            catch (EOFException end) {
                return null;
            }
            catch (IOException e) {
                throw new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "cannot read a spooled result: " + e.getMessage(), e);
            }
        }

        @Override
        public void close()
        {
            if (file != null) {
                try {
                    file.close();
                }
                catch (IOException ignored) {
                    // the file is deleted next
                }
            }
            delete(result);
        }
    }

    /** The task side: keep a small partition in memory, spool a large one to a file. */
    static final class Spool
            extends AbstractFunction2<TaskContext, Iterator<byte[]>, PartitionResult>
            implements Serializable
    {
        private static final long serialVersionUID = 1;

        private final String directory;
        private final String operationId;

        Spool(String directory, String operationId)
        {
            this.directory = directory;
            this.operationId = operationId;
        }

        @Override
        public PartitionResult apply(TaskContext task, Iterator<byte[]> batches)
        {
            List<byte[]> held = new ArrayList<>();
            long bytes = 0;
            while (batches.hasNext()) {
                byte[] batch = batches.next();
                held.add(batch);
                bytes += batch.length;
                if (bytes > IN_MEMORY_BYTES) {
                    return spool(task, held, bytes, batches);
                }
            }
            return new PartitionResult(held.toArray(new byte[0][]), null, bytes);
        }

        private PartitionResult spool(TaskContext task, List<byte[]> held, long bytes, Iterator<byte[]> rest)
        {
            Path file = Path.of(directory, operationId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + task.partitionId() + "-" + task.taskAttemptId() + ".arrows");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                for (byte[] batch : held) {
                    out.writeInt(batch.length);
                    out.write(batch);
                }
                held.clear();
                while (rest.hasNext()) {
                    byte[] batch = rest.next();
                    out.writeInt(batch.length);
                    out.write(batch);
                    bytes += batch.length;
                }
            }
            catch (IOException e) {
                try {
                    Files.deleteIfExists(file);
                }
                catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new UncheckedIOException("cannot spool a result partition to " + file, e);
            }
            return new PartitionResult(null, file.toString(), bytes);
        }
    }
}
