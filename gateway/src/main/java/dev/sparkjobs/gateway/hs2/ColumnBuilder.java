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
import org.apache.hive.service.rpc.thrift.TBoolColumn;
import org.apache.hive.service.rpc.thrift.TBoolValue;
import org.apache.hive.service.rpc.thrift.TByteColumn;
import org.apache.hive.service.rpc.thrift.TByteValue;
import org.apache.hive.service.rpc.thrift.TColumn;
import org.apache.hive.service.rpc.thrift.TColumnValue;
import org.apache.hive.service.rpc.thrift.TDoubleColumn;
import org.apache.hive.service.rpc.thrift.TDoubleValue;
import org.apache.hive.service.rpc.thrift.TI16Column;
import org.apache.hive.service.rpc.thrift.TI16Value;
import org.apache.hive.service.rpc.thrift.TI32Column;
import org.apache.hive.service.rpc.thrift.TI32Value;
import org.apache.hive.service.rpc.thrift.TI64Column;
import org.apache.hive.service.rpc.thrift.TI64Value;
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
            return new Bools(expectedRows);
        }
        if (vector instanceof TinyIntVector) {
            return new Bytes(expectedRows);
        }
        if (vector instanceof SmallIntVector) {
            return new Shorts(expectedRows);
        }
        if (vector instanceof IntVector) {
            return new Ints(expectedRows);
        }
        if (vector instanceof BigIntVector) {
            return new Longs(expectedRows);
        }
        if (vector instanceof Float4Vector || vector instanceof Float8Vector) {
            return new Doubles(expectedRows);
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

    protected ByteBuffer nulls()
    {
        return nulls.isEmpty() ? NO_NULLS.duplicate() : ByteBuffer.wrap(nulls.toByteArray());
    }

    private static final class Bools
            extends ColumnBuilder
    {
        private final List<Boolean> values;

        Bools(int expected)
        {
            values = new ArrayList<>(expected);
        }

        @Override
        protected void appendValues(FieldVector vector, int from, int count)
        {
            BitVector bits = (BitVector) vector;
            for (int i = from; i < from + count; i++) {
                values.add(!bits.isNull(i) && bits.get(i) != 0);
            }
        }

        @Override
        TColumn build()
        {
            return TColumn.boolVal(new TBoolColumn(values, nulls()));
        }

        @Override
        void appendCells(FieldVector vector, int from, int count, List<TRow> rows, int firstRow)
        {
            BitVector bits = (BitVector) vector;
            for (int i = 0; i < count; i++) {
                TBoolValue value = new TBoolValue();
                if (!bits.isNull(from + i)) {
                    value.setValue(bits.get(from + i) != 0);
                }
                rows.get(firstRow + i).addToColVals(TColumnValue.boolVal(value));
            }
        }
    }

    private static final class Bytes
            extends ColumnBuilder
    {
        private final List<Byte> values;

        Bytes(int expected)
        {
            values = new ArrayList<>(expected);
        }

        @Override
        protected void appendValues(FieldVector vector, int from, int count)
        {
            TinyIntVector bytes = (TinyIntVector) vector;
            for (int i = from; i < from + count; i++) {
                values.add(bytes.isNull(i) ? 0 : bytes.get(i));
            }
        }

        @Override
        TColumn build()
        {
            return TColumn.byteVal(new TByteColumn(values, nulls()));
        }

        @Override
        void appendCells(FieldVector vector, int from, int count, List<TRow> rows, int firstRow)
        {
            TinyIntVector bytes = (TinyIntVector) vector;
            for (int i = 0; i < count; i++) {
                TByteValue value = new TByteValue();
                if (!bytes.isNull(from + i)) {
                    value.setValue(bytes.get(from + i));
                }
                rows.get(firstRow + i).addToColVals(TColumnValue.byteVal(value));
            }
        }
    }

    private static final class Shorts
            extends ColumnBuilder
    {
        private final List<Short> values;

        Shorts(int expected)
        {
            values = new ArrayList<>(expected);
        }

        @Override
        protected void appendValues(FieldVector vector, int from, int count)
        {
            SmallIntVector shorts = (SmallIntVector) vector;
            for (int i = from; i < from + count; i++) {
                values.add(shorts.isNull(i) ? 0 : shorts.get(i));
            }
        }

        @Override
        TColumn build()
        {
            return TColumn.i16Val(new TI16Column(values, nulls()));
        }

        @Override
        void appendCells(FieldVector vector, int from, int count, List<TRow> rows, int firstRow)
        {
            SmallIntVector shorts = (SmallIntVector) vector;
            for (int i = 0; i < count; i++) {
                TI16Value value = new TI16Value();
                if (!shorts.isNull(from + i)) {
                    value.setValue(shorts.get(from + i));
                }
                rows.get(firstRow + i).addToColVals(TColumnValue.i16Val(value));
            }
        }
    }

    private static final class Ints
            extends ColumnBuilder
    {
        private final List<Integer> values;

        Ints(int expected)
        {
            values = new ArrayList<>(expected);
        }

        @Override
        protected void appendValues(FieldVector vector, int from, int count)
        {
            IntVector ints = (IntVector) vector;
            for (int i = from; i < from + count; i++) {
                values.add(ints.isNull(i) ? 0 : ints.get(i));
            }
        }

        @Override
        TColumn build()
        {
            return TColumn.i32Val(new TI32Column(values, nulls()));
        }

        @Override
        void appendCells(FieldVector vector, int from, int count, List<TRow> rows, int firstRow)
        {
            IntVector ints = (IntVector) vector;
            for (int i = 0; i < count; i++) {
                TI32Value value = new TI32Value();
                if (!ints.isNull(from + i)) {
                    value.setValue(ints.get(from + i));
                }
                rows.get(firstRow + i).addToColVals(TColumnValue.i32Val(value));
            }
        }
    }

    private static final class Longs
            extends ColumnBuilder
    {
        private final List<Long> values;

        Longs(int expected)
        {
            values = new ArrayList<>(expected);
        }

        @Override
        protected void appendValues(FieldVector vector, int from, int count)
        {
            BigIntVector longs = (BigIntVector) vector;
            for (int i = from; i < from + count; i++) {
                values.add(longs.isNull(i) ? 0L : longs.get(i));
            }
        }

        @Override
        TColumn build()
        {
            return TColumn.i64Val(new TI64Column(values, nulls()));
        }

        @Override
        void appendCells(FieldVector vector, int from, int count, List<TRow> rows, int firstRow)
        {
            BigIntVector longs = (BigIntVector) vector;
            for (int i = 0; i < count; i++) {
                TI64Value value = new TI64Value();
                if (!longs.isNull(from + i)) {
                    value.setValue(longs.get(from + i));
                }
                rows.get(firstRow + i).addToColVals(TColumnValue.i64Val(value));
            }
        }
    }

    /** Doubles, and floats widened through their decimal text so that 0.1f reads back as 0.1. */
    private static final class Doubles
            extends ColumnBuilder
    {
        private final List<Double> values;

        Doubles(int expected)
        {
            values = new ArrayList<>(expected);
        }

        @Override
        protected void appendValues(FieldVector vector, int from, int count)
        {
            for (int i = from; i < from + count; i++) {
                values.add(vector.isNull(i) ? 0.0 : value(vector, i));
            }
        }

        private static double value(FieldVector vector, int index)
        {
            return vector instanceof Float4Vector floats
                    ? Double.parseDouble(Float.toString(floats.get(index)))
                    : ((Float8Vector) vector).get(index);
        }

        @Override
        TColumn build()
        {
            return TColumn.doubleVal(new TDoubleColumn(values, nulls()));
        }

        @Override
        void appendCells(FieldVector vector, int from, int count, List<TRow> rows, int firstRow)
        {
            for (int i = 0; i < count; i++) {
                TDoubleValue value = new TDoubleValue();
                if (!vector.isNull(from + i)) {
                    value.setValue(value(vector, from + i));
                }
                rows.get(firstRow + i).addToColVals(TColumnValue.doubleVal(value));
            }
        }
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
