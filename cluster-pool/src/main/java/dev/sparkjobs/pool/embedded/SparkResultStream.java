package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.List;
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
 * the result a group of partitions at a time, in partition order, so that at most one group's
 * batches are held here however large the result is. Groups start at one partition and double
 * while they stay small, which keeps few-partition results to one Spark job and many-partition
 * results to a handful.
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
    private volatile boolean fetching;

    private int nextPartition;
    private int groupSize = 1;
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
            if (nextPartition >= partitions) {
                return null;
            }
            fetchGroup();
        }
    }

    private void fetchGroup()
            throws SqlServiceException
    {
        int end = Math.min(partitions, nextPartition + groupSize);
        int[] ids = new int[end - nextPartition];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = nextPartition + i;
        }
        SparkContext context = spark.sparkContext();
        SparkSession.setActiveSession(spark);
        context.setJobGroup(operationId, "fetch " + operationId, true);
        fetching = true;
        try {
            List<byte[]>[] collected = SQLExecution$.MODULE$.withSQLConfPropagated(spark, new AbstractFunction0<List<byte[]>[]>()
            {
                @Override
                public List<byte[]>[] apply()
                {
                    return batches.collectPartitions(ids);
                }
            });
            group = new byte[collected.length][][];
            for (int i = 0; i < collected.length; i++) {
                group[i] = collected[i].toArray(new byte[0][]);
            }
        }
        catch (Throwable t) {
            throw closed.get() ? SparkErrors.cancelled(t) : SparkErrors.translate(t);
        }
        finally {
            fetching = false;
            context.clearJobGroup();
        }
        groupIndex = 0;
        batchIndex = 0;
        nextPartition = end;
        long bytes = 0;
        for (byte[][] partition : group) {
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
            if (fetching) {
                spark.sparkContext().cancelJobGroup(operationId);
            }
        }
    }
}
