package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.ResultStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of a metadata call as a one-batch result stream, so that they are fetched like any
 * other result. Values are strings, integers and booleans; {@code null} is SQL NULL.
 */
final class MetadataRows
        implements ResultStream
{
    private final Schema schema;
    private final List<Object[]> rows;
    private final BufferAllocator allocator;
    private boolean sent;

    MetadataRows(Schema schema, List<Object[]> rows, BufferAllocator allocator)
    {
        this.schema = requireNonNull(schema, "schema is null");
        this.rows = List.copyOf(rows);
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    @Override
    public Schema schema()
    {
        return schema;
    }

    @Override
    public ArrowRecordBatch next()
    {
        if (sent) {
            return null;
        }
        sent = true;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            List<FieldVector> vectors = root.getFieldVectors();
            for (int row = 0; row < rows.size(); row++) {
                Object[] values = rows.get(row);
                for (int column = 0; column < vectors.size(); column++) {
                    set(vectors.get(column), row, column < values.length ? values[column] : null);
                }
            }
            root.setRowCount(rows.size());
            return new VectorUnloader(root).getRecordBatch();
        }
    }

    private static void set(FieldVector vector, int row, Object value)
    {
        if (value == null) {
            vector.setNull(row);
        }
        else if (vector instanceof VarCharVector strings) {
            strings.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
        }
        else if (vector instanceof IntVector ints) {
            ints.setSafe(row, ((Number) value).intValue());
        }
        else if (vector instanceof SmallIntVector shorts) {
            shorts.setSafe(row, ((Number) value).shortValue());
        }
        else if (vector instanceof TinyIntVector bytes) {
            bytes.setSafe(row, ((Number) value).byteValue());
        }
        else if (vector instanceof BitVector bits) {
            bits.setSafe(row, ((Boolean) value) ? 1 : 0);
        }
        else {
            throw new IllegalArgumentException("no metadata writer for " + vector.getField());
        }
    }

    @Override
    public void close() {}
}
