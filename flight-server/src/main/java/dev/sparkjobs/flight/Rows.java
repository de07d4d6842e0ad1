package dev.sparkjobs.flight;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Fills the small metadata results of Flight SQL (catalogs, tables, type info) row by row. */
final class Rows
{
    private Rows() {}

    /** Each row holds one value per field of the root, in order; {@code null} is SQL NULL. */
    static void fill(VectorSchemaRoot root, List<Object[]> rows)
    {
        root.allocateNew();
        List<FieldVector> vectors = root.getFieldVectors();
        for (int row = 0; row < rows.size(); row++) {
            Object[] values = rows.get(row);
            for (int column = 0; column < vectors.size(); column++) {
                set(vectors.get(column), row, column < values.length ? values[column] : null);
            }
        }
        root.setRowCount(rows.size());
    }

    private static void set(FieldVector vector, int row, Object value)
    {
        if (value == null) {
            vector.setNull(row);
            return;
        }
        if (vector instanceof VarCharVector varChar) {
            varChar.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
        }
        else if (vector instanceof VarBinaryVector varBinary) {
            varBinary.setSafe(row, (byte[]) value);
        }
        else if (vector instanceof IntVector intVector) {
            intVector.setSafe(row, ((Number) value).intValue());
        }
        else if (vector instanceof BitVector bit) {
            bit.setSafe(row, ((Boolean) value) ? 1 : 0);
        }
        else {
            throw new IllegalArgumentException("no metadata writer for " + vector.getField());
        }
    }
}
