package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.classic.Dataset;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.SQLExecution$;
import org.apache.spark.sql.execution.arrow.ArrowConverters$;
import scala.runtime.AbstractFunction0;

/**
 * Streams a Dataset as Arrow batches. The executors convert rows to Arrow IPC; the driver fetches
 * the result a group of partitions at a time, in partition order, and fetches the next group while
 * the current one streams, so that Spark computes while the client reads and at most two groups'
 * batches are held here however large the result is. The first group is as wide as the engine's
 * parallelism, so that its job keeps every core busy; groups then double while they stay small,
 * which keeps few-partition results to one Spark job and many-partition results to a handful.
 */
final class SparkResultStream
        implements ResultStream
{
    private static final long SMALL_GROUP_BYTES = 16L << 20;
    private static final int MAX_GROUP = 64;

    private final SparkSession spark;
    private final JavaRDD<byte[]> batches;
    private final Schema schema;
    private final String operationId;
    private final BufferAllocator allocator;
    private final int partitions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile FutureTask<byte[][][]> pending;

    private int nextPartition;
    private int groupSize;
    private byte[][][] group;
    private int groupIndex;
    private int batchIndex;

    SparkResultStream(SparkSession spark, Dataset<Row> dataset, Schema schema, String operationId, BufferAllocator allocator)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.operationId = requireNonNull(operationId, "operationId is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.batches = dataset.toArrowBatchRdd().toJavaRDD();
        this.partitions = batches.getNumPartitions();
        this.groupSize = Math.max(1, Math.min(MAX_GROUP, spark.sparkContext().defaultParallelism()));
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
            if (group != null) {
                while (groupIndex < group.length) {
                    byte[][] partition = group[groupIndex];
                    if (batchIndex < partition.length) {
                        byte[] bytes = partition[batchIndex];
                        partition[batchIndex++] = null;
                        return ArrowConverters$.MODULE$.loadBatch(bytes, allocator);
                    }
                    group[groupIndex++] = null;
                    batchIndex = 0;
                }
                group = null;
            }
            FutureTask<byte[][][]> fetch = pending;
            if (fetch == null) {
                if (nextPartition >= partitions) {
                    return null;
                }
                fetch = fetchAhead();
            }
            group = await(fetch);
            pending = null;
            groupIndex = 0;
            batchIndex = 0;
            resize(group);
            if (nextPartition < partitions) {
                fetchAhead();
            }
        }
    }

    /**
     * Starts fetching the next group on a thread of its own. A new thread per group (not a pool)
     * inherits Spark's thread-local properties from this one, as a fetch on this thread would.
     */
    private FutureTask<byte[][][]> fetchAhead()
    {
        int start = nextPartition;
        int end = Math.min(partitions, start + groupSize);
        nextPartition = end;
        FutureTask<byte[][][]> task = new FutureTask<>(() -> fetchGroup(start, end));
        Thread thread = new Thread(task, "sparkjobs-fetch-" + operationId + "-" + start);
        thread.setDaemon(true);
        pending = task;
        thread.start();
        return task;
    }

    private byte[][][] await(FutureTask<byte[][][]> task)
            throws SqlServiceException
    {
        try {
            return task.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw SparkErrors.cancelled(e);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw closed.get() ? SparkErrors.cancelled(cause) : SparkErrors.translate(cause);
        }
    }

    private byte[][][] fetchGroup(int start, int end)
    {
        int[] ids = new int[end - start];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = start + i;
        }
        SparkContext context = spark.sparkContext();
        SparkSession.setActiveSession(spark);
        context.setJobGroup(operationId, "fetch " + operationId, true);
        try {
            List<byte[]>[] collected = SQLExecution$.MODULE$.withSQLConfPropagated(spark, new AbstractFunction0<List<byte[]>[]>()
            {
                @Override
                public List<byte[]>[] apply()
                {
                    return batches.collectPartitions(ids);
                }
            });
            byte[][][] fetched = new byte[collected.length][][];
            for (int i = 0; i < collected.length; i++) {
                fetched[i] = collected[i].toArray(new byte[0][]);
            }
            return fetched;
        }
        finally {
            context.clearJobGroup();
        }
    }

    /** Sizes the next group from this one: wider while groups stay small, narrower when large. */
    private void resize(byte[][][] fetched)
    {
        long bytes = 0;
        for (byte[][] partition : fetched) {
            for (byte[] batch : partition) {
                bytes += batch.length;
            }
        }
        if (bytes < SMALL_GROUP_BYTES) {
            groupSize = Math.min(MAX_GROUP, groupSize * 2);
        }
        else if (bytes > 4 * SMALL_GROUP_BYTES && groupSize > 1) {
            groupSize /= 2;
        }
    }

    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true)) {
            group = null;
            FutureTask<byte[][][]> fetching = pending;
            pending = null;
            if (fetching != null && !fetching.isDone()) {
                spark.sparkContext().cancelJobGroup(operationId);
            }
        }
    }
}
