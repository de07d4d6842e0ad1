package dev.sparkjobs.gateway.hs2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.hive.service.rpc.thrift.TBinaryColumn;
import org.apache.hive.service.rpc.thrift.TColumn;
import org.apache.hive.service.rpc.thrift.TColumnValue;
import org.apache.hive.service.rpc.thrift.TRow;
import org.apache.hive.service.rpc.thrift.TStringColumn;
import org.apache.hive.service.rpc.thrift.TStringValue;

/**
 * One result column of a fetch, filled from slices of Arrow vectors: a whole slice per call, one
 * column at a time, so a fetch costs a pass over each vector and nothing per row beyond the value
 * itself. {@link #build()} makes the columnar form (protocol V6 and later); {@link #appendCells}
 * adds the same values to the rows of the row-based form (V1 to V5).
 */
abstract class ColumnBuilder
{
    private static final ByteBuffer NO_NULLS = ByteBuffer.wrap(new byte[0]);

    private final BitSet nulls = new BitSet();
    protected int size;

    /** A builder for the values of this vector, sized for the rows the fetch expects. */
    static ColumnBuilder of(FieldVector vector, int expectedRows)
    {
        if (vector instanceof BitVector) {
            return new NumberColumns.Bools(expectedRows);
        }
        if (vector instanceof TinyIntVector) {
            return new NumberColumns.Bytes(expectedRows);
        }
        if (vector instanceof SmallIntVector) {
            return new NumberColumns.Shorts(expectedRows);
        }
        if (vector instanceof IntVector) {
            return new NumberColumns.Ints(expectedRows);
        }
        if (vector instanceof BigIntVector) {
            return new NumberColumns.Longs(expectedRows);
        }
        if (vector instanceof Float4Vector || vector instanceof Float8Vector) {
            return new NumberColumns.Doubles(expectedRows);
        }
        if (vector instanceof VarBinaryVector || vector instanceof LargeVarBinaryVector || vector instanceof FixedSizeBinaryVector) {
            return new Binaries(expectedRows);
        }
        return new Strings(expectedRows);
    }

    /** Appends rows {@code from} to {@code from + count - 1} of the vector. */
    final void append(FieldVector vector, int from, int count)
    {
        if (vector.getNullCount() > 0) {
            for (int i = 0; i < count; i++) {
                if (vector.isNull(from + i)) {
                    nulls.set(size + i);
                }
            }
        }
        appendValues(vector, from, count);
        size += count;
    }

    protected abstract void appendValues(FieldVector vector, int from, int count);

    abstract TColumn build();

    /** Adds the cells of rows {@code from..from+count-1} to {@code rows[firstRow..]}, for the row-based protocol. */
    abstract void appendCells(FieldVector vector, int from, int count, List<TRow> rows, int firstRow);

    protected final ByteBuffer nulls()
    {
        return nulls.isEmpty() ? NO_NULLS.duplicate() : ByteBuffer.wrap(nulls.toByteArray());
    }

    private static final class Binaries
            extends ColumnBuilder
    {
        private static final ByteBuffer EMPTY = ByteBuffer.wrap(new byte[0]);

        private final List<ByteBuffer> values;

        Binaries(int expected)
        {
            values = new ArrayList<>(expected);
        }

        @Override
        protected void appendValues(FieldVector vector, int from, int count)
        {
            for (int i = from; i < from + count; i++) {
                values.add(vector.isNull(i) ? EMPTY.duplicate() : ByteBuffer.wrap((byte[]) vector.getObject(i)));
            }
        }

        @Override
        TColumn build()
        {
            return TColumn.binaryVal(new TBinaryColumn(values, nulls()));
        }

        @Override
        void appendCells(FieldVector vector, int from, int count, List<TRow> rows, int firstRow)
        {
            // The row-based protocol has no binary cell: bytes travel as a string, as HiveServer2 sends them.
            for (int i = 0; i < count; i++) {
                TStringValue value = new TStringValue();
                if (!vector.isNull(from + i)) {
                    value.setValue(new String((byte[]) vector.getObject(from + i), StandardCharsets.UTF_8));
                }
                rows.get(firstRow + i).addToColVals(TColumnValue.stringVal(value));
            }
        }
    }

    /** Strings, and every type that travels as text: decimals, dates, timestamps, intervals, nested values. */
    private static final class Strings
            extends ColumnBuilder
    {
        private final List<String> values;

        Strings(int expected)
        {
            values = new ArrayList<>(expected);
        }

        @Override
        protected void appendValues(FieldVector vector, int from, int count)
        {
            TextValues.Format format = TextValues.of(vector);
            for (int i = from; i < from + count; i++) {
                values.add(vector.isNull(i) ? "" : format.format(i));
            }
        }

        @Override
        TColumn build()
        {
            return TColumn.stringVal(new TStringColumn(values, nulls()));
        }

        @Override
        void appendCells(FieldVector vector, int from, int count, List<TRow> rows, int firstRow)
        {
            TextValues.Format format = TextValues.of(vector);
            for (int i = 0; i < count; i++) {
                TStringValue value = new TStringValue();
                if (!vector.isNull(from + i)) {
                    value.setValue(format.format(from + i));
                }
                rows.get(firstRow + i).addToColVals(TColumnValue.stringVal(value));
            }
        }
    }
}
