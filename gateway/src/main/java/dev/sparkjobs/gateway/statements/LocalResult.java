package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.ResultStream;
import java.nio.charset.StandardCharsets;
import java.sql.JDBCType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A small result the gateway computes itself (SHOW JOBS, DESCRIBE, a query on {@code system.*},
 * a run id): named, typed columns and rows of Java values, sent as Arrow batches like any engine
 * result, with the same column metadata Spark results carry.
 */
public final class LocalResult
{
    private static final int BATCH_ROWS = 4096;

    /** The column types local results use, with the Spark type name clients see. */
    public enum Type
    {
        STRING("STRING", new ArrowType.Utf8()),
        BIGINT("BIGINT", new ArrowType.Int(64, true)),
        INT("INT", new ArrowType.Int(32, true)),
        DOUBLE("DOUBLE", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        BOOLEAN("BOOLEAN", new ArrowType.Bool()),
        TIMESTAMP("TIMESTAMP", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));

        private final String sparkName;
        private final ArrowType arrowType;

        Type(String sparkName, ArrowType arrowType)
        {
            this.sparkName = sparkName;
            this.arrowType = arrowType;
        }

        public static Type of(JDBCType type)
        {
            return switch (type) {
                case BIGINT -> BIGINT;
                case INTEGER, SMALLINT, TINYINT -> INT;
                case DOUBLE, FLOAT, REAL, DECIMAL, NUMERIC -> DOUBLE;
                case BOOLEAN, BIT -> BOOLEAN;
                case TIMESTAMP, TIMESTAMP_WITH_TIMEZONE, DATE -> TIMESTAMP;
                default -> STRING;
            };
        }
    }

    public record Column(String name, Type type)
    {
        public Column
        {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    private final List<Column> columns;
    private final List<Object[]> rows;

    public LocalResult(List<Column> columns, List<Object[]> rows)
    {
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
    }

    public static Schema schema(List<Column> columns)
    {
        List<Field> fields = new ArrayList<>(columns.size());
        for (Column column : columns) {
            Map<String, String> metadata = new FlightSqlColumnMetadata.Builder().typeName(column.type().sparkName).build().getMetadataMap();
            fields.add(new Field(column.name(), new FieldType(true, column.type().arrowType, null, metadata), List.of()));
        }
        return new Schema(fields);
    }

    public List<Column> columns()
    {
        return columns;
    }

    public List<Object[]> rows()
    {
        return rows;
    }

    public Schema schema()
    {
        return schema(columns);
    }

    public ResultStream stream(BufferAllocator allocator)
    {
        Schema schema = schema();
        return new ResultStream()
        {
            private int next;

            @Override
            public Schema schema()
            {
                return schema;
            }

            @Override
            public ArrowRecordBatch next()
            {
                if (next >= rows.size()) {
                    return null;
                }
                int end = Math.min(rows.size(), next + BATCH_ROWS);
                ArrowRecordBatch batch = batch(allocator, schema, rows.subList(next, end));
                next = end;
                return batch;
            }

            @Override
            public void close() {}
        };
    }

    private ArrowRecordBatch batch(BufferAllocator allocator, Schema schema, List<Object[]> slice)
    {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            root.allocateNew();
            for (int c = 0; c < columns.size(); c++) {
                FieldVector vector = root.getVector(c);
                for (int r = 0; r < slice.size(); r++) {
                    set(vector, r, slice.get(r)[c]);
                }
                vector.setValueCount(slice.size());
            }
            root.setRowCount(slice.size());
            return new VectorUnloader(root).getRecordBatch();
        }
    }

    private static void set(FieldVector vector, int index, Object value)
    {
        if (value == null) {
            vector.setNull(index);
            return;
        }
        if (vector instanceof VarCharVector strings) {
            strings.setSafe(index, value.toString().getBytes(StandardCharsets.UTF_8));
        }
        else if (vector instanceof BigIntVector longs) {
            longs.setSafe(index, ((Number) value).longValue());
        }
        else if (vector instanceof IntVector ints) {
            ints.setSafe(index, ((Number) value).intValue());
        }
        else if (vector instanceof Float8Vector doubles) {
            doubles.setSafe(index, ((Number) value).doubleValue());
        }
        else if (vector instanceof BitVector bits) {
            bits.setSafe(index, ((Boolean) value) ? 1 : 0);
        }
        else if (vector instanceof TimeStampMicroTZVector timestamps) {
            timestamps.setSafe(index, micros(value));
        }
        else {
            throw new IllegalStateException("unexpected vector " + vector.getClass().getSimpleName());
        }
    }

    private static long micros(Object value)
    {
        Instant instant;
        if (value instanceof Instant i) {
            instant = i;
        }
        else if (value instanceof java.util.Date d) {
            instant = d.toInstant();
        }
        else if (value instanceof java.time.LocalDateTime t) {
            instant = t.toInstant(java.time.ZoneOffset.UTC);
        }
        else {
            throw new IllegalArgumentException("not a timestamp: " + value);
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
