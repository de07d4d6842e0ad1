package dev.sparkjobs.pool.embedded;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.catalyst.util.CharVarcharUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Flight SQL column metadata on each column of a result or table schema: the Spark type name (as
 * Spark's own Thrift server reports it, {@code DECIMAL(10,2)}, {@code MAP<STRING, INT>},
 * {@code CHAR(5)}) and a decimal's precision and scale. JDBC clients read them for
 * {@code ResultSetMetaData.getPrecision/getScale} and {@code DatabaseMetaData.getColumns};
 * without them the stock driver reports precision 0 for every decimal.
 */
final class ColumnMetadata
{
    private ColumnMetadata() {}

    static Schema annotate(StructType sparkSchema, Schema arrowSchema)
    {
        StructField[] sparkFields = sparkSchema.fields();
        List<Field> arrowFields = arrowSchema.getFields();
        List<Field> annotated = new ArrayList<>(arrowFields.size());
        for (int i = 0; i < arrowFields.size(); i++) {
            annotated.add(annotate(sparkFields[i], arrowFields.get(i)));
        }
        return new Schema(annotated, arrowSchema.getCustomMetadata());
    }

    private static Field annotate(StructField sparkField, Field field)
    {
        // CHAR(n) and VARCHAR(n) columns are strings to Spark, with the declared type in metadata.
        DataType type = CharVarcharUtils.getRawType(sparkField.metadata()).getOrElse(sparkField::dataType);
        FlightSqlColumnMetadata.Builder column = new FlightSqlColumnMetadata.Builder().typeName(type.sql());
        if (type instanceof DecimalType decimal) {
            column.precision(decimal.precision()).scale(decimal.scale());
        }
        Map<String, String> metadata = new HashMap<>(field.getMetadata());
        metadata.putAll(column.build().getMetadataMap());
        FieldType fieldType = new FieldType(field.isNullable(), field.getType(), field.getDictionary(), metadata);
        return new Field(field.getName(), fieldType, field.getChildren());
    }
}
