package dev.sparkjobs.pool.embedded;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.classic.Dataset;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType$;

/**
 * Result columns as clients can read them. Spark's Arrow form of a VARIANT is its binary
 * encoding (a struct of value and metadata), which no client can show; it is sent as its JSON
 * text instead, as Spark's own shell prints it.
 */
final class ResultColumns
{
    private ResultColumns() {}

    static StructType clientSchema(StructType schema)
    {
        if (!hasVariant(schema)) {
            return schema;
        }
        List<StructField> fields = new ArrayList<>();
        for (StructField field : schema.fields()) {
            fields.add(isVariant(field) ? new StructField(field.name(), DataTypes.StringType, field.nullable(), field.metadata()) : field);
        }
        return new StructType(fields.toArray(new StructField[0]));
    }

    static Dataset<Row> forClients(Dataset<Row> dataset)
    {
        StructType schema = dataset.schema();
        if (!hasVariant(schema)) {
            return dataset;
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < schema.fields().length; i++) {
            StructField field = schema.fields()[i];
            Column column = dataset.col(quote(field.name()));
            columns.add(isVariant(field) ? functions.to_json(column).as(field.name()) : column);
        }
        return (Dataset<Row>) dataset.select(columns.toArray(new Column[0]));
    }

    private static boolean hasVariant(StructType schema)
    {
        for (StructField field : schema.fields()) {
            if (isVariant(field)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isVariant(StructField field)
    {
        return field.dataType() == VariantType$.MODULE$;
    }

    private static String quote(String name)
    {
        return "`" + name.replace("`", "``") + "`";
    }
}
