package dev.sparkjobs.gateway.hs2;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
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

/** The column builders of booleans and numbers: each reads its own vector type, without boxing through Object. */
final class NumberColumns
{
    private NumberColumns() {}

    static final class Bools
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

    static final class Bytes
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

    static final class Shorts
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

    static final class Ints
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

    static final class Longs
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
    static final class Doubles
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
}
