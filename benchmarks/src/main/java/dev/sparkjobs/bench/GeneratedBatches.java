package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The P1 result, twice: as the Spark SQL the gateway runs, and as Arrow batches built here, row
 * for row the same, held in memory for the bare Flight server. The rows are
 * {@code (id bigint, id * 1.5 double, cast(id as string), date '2020-01-01' + id % 1000)} for
 * {@code id} in {@code [0, rows)}.
 */
final class GeneratedBatches
        implements AutoCloseable
{
    /** {@code DATE '2020-01-01'} in days since the epoch. */
    private static final int FIRST_DAY = 18_262;
    private static final int DAYS = 1000;

    private final Schema schema;
    private final List<ArrowRecordBatch> batches;
    private final long rows;
    private final long bytes;

    private GeneratedBatches(Schema schema, List<ArrowRecordBatch> batches, long rows, long bytes)
    {
        this.schema = schema;
        this.batches = batches;
        this.rows = rows;
        this.bytes = bytes;
    }

    /** The query the gateway runs. Spark computes the rows as it streams them: nothing is cached. */
    static String sql(long rows)
    {
        return String.format(Locale.ROOT,
                "SELECT id, id * 1.5D AS x, CAST(id AS STRING) AS s, date_add(DATE '2020-01-01', CAST(id %% %d AS INT)) AS d FROM range(0, %d)",
                DAYS, rows);
    }

    /**
     * Builds the rows in batches of {@code batchRows}, in the schema the gateway announced for the
     * query (so nullability and metadata match too).
     */
    static GeneratedBatches generate(Schema schema, long rows, int batchRows, BufferAllocator allocator)
    {
        requireNonNull(schema, "schema is null");
        requireNonNull(allocator, "allocator is null");
        checkShape(schema);
        List<ArrowRecordBatch> batches = new ArrayList<>();
        long bytes = 0;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            BigIntVector ids = (BigIntVector) root.getVector(0);
            Float8Vector doubles = (Float8Vector) root.getVector(1);
            VarCharVector strings = (VarCharVector) root.getVector(2);
            DateDayVector days = (DateDayVector) root.getVector(3);
            for (long start = 0; start < rows; start += batchRows) {
                int count = (int) Math.min(batchRows, rows - start);
                ids.allocateNew(count);
                doubles.allocateNew(count);
                strings.allocateNew(count * 8L, count);
                days.allocateNew(count);
                for (int i = 0; i < count; i++) {
                    long id = start + i;
                    ids.set(i, id);
                    doubles.set(i, id * 1.5D);
                    strings.setSafe(i, Long.toString(id).getBytes(StandardCharsets.US_ASCII));
                    days.set(i, FIRST_DAY + (int) (id % DAYS));
                }
                root.setRowCount(count);
                ArrowRecordBatch batch = new VectorUnloader(root).getRecordBatch();
                bytes += batch.computeBodyLength();
                batches.add(batch);
            }
        }
        catch (RuntimeException e) {
            batches.forEach(ArrowRecordBatch::close);
            throw e;
        }
        return new GeneratedBatches(schema, List.copyOf(batches), rows, bytes);
    }

    private static void checkShape(Schema schema)
    {
        List<Field> fields = schema.getFields();
        boolean shaped = fields.size() == 4
                && fields.get(0).getType().equals(new ArrowType.Int(64, true))
                && fields.get(1).getType().equals(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))
                && fields.get(2).getType().equals(ArrowType.Utf8.INSTANCE)
                && fields.get(3).getType().equals(new ArrowType.Date(DateUnit.DAY));
        if (!shaped) {
            throw new IllegalArgumentException("expected (bigint, double, string, date), the gateway announced " + schema);
        }
    }

    Schema schema()
    {
        return schema;
    }

    List<ArrowRecordBatch> batches()
    {
        return batches;
    }

    long rows()
    {
        return rows;
    }

    /** Arrow body bytes of all batches. */
    long bytes()
    {
        return bytes;
    }

    @Override
    public void close()
    {
        batches.forEach(ArrowRecordBatch::close);
    }
}
