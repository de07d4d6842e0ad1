package dev.sparkjobs.gateway.hs2;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TColumnDesc;
import org.apache.hive.service.rpc.thrift.TPrimitiveTypeEntry;
import org.apache.hive.service.rpc.thrift.TTableSchema;
import org.apache.hive.service.rpc.thrift.TTypeDesc;
import org.apache.hive.service.rpc.thrift.TTypeEntry;
import org.apache.hive.service.rpc.thrift.TTypeId;
import org.apache.hive.service.rpc.thrift.TTypeQualifierValue;
import org.apache.hive.service.rpc.thrift.TTypeQualifiers;

/**
 * What HiveServer2 clients are told about a column, derived from the Arrow field Spark produced.
 * Complex types are announced as ARRAY, MAP and STRUCT, as Spark Thrift Server does, and their
 * values travel as JSON strings; every type entry is primitive, which is what the Hive driver reads.
 */
final class ThriftTypes
{
    private ThriftTypes() {}

    static TTableSchema tableSchema(Schema schema)
    {
        List<TColumnDesc> columns = new ArrayList<>(schema.getFields().size());
        int position = 1;
        for (Field field : schema.getFields()) {
            columns.add(new TColumnDesc(field.getName(), typeDesc(field), position++));
        }
        return new TTableSchema(columns);
    }

    static TTypeDesc typeDesc(Field field)
    {
        TPrimitiveTypeEntry entry = new TPrimitiveTypeEntry(typeId(field));
        if (field.getType() instanceof ArrowType.Decimal decimal) {
            entry.setTypeQualifiers(new TTypeQualifiers(Map.of(
                    "precision", TTypeQualifierValue.i32Value(decimal.getPrecision()),
                    "scale", TTypeQualifierValue.i32Value(decimal.getScale()))));
        }
        return new TTypeDesc(List.of(TTypeEntry.primitiveEntry(entry)));
    }

    static TTypeId typeId(Field field)
    {
        ArrowType type = field.getType();
        return switch (type.getTypeID()) {
            case Bool -> TTypeId.BOOLEAN_TYPE;
            case Int -> switch (((ArrowType.Int) type).getBitWidth()) {
                case 8 -> TTypeId.TINYINT_TYPE;
                case 16 -> TTypeId.SMALLINT_TYPE;
                case 32 -> TTypeId.INT_TYPE;
                default -> TTypeId.BIGINT_TYPE;
            };
            case FloatingPoint -> ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE ? TTypeId.DOUBLE_TYPE : TTypeId.FLOAT_TYPE;
            case Decimal -> TTypeId.DECIMAL_TYPE;
            case Utf8, LargeUtf8, Utf8View -> TTypeId.STRING_TYPE;
            case Binary, LargeBinary, FixedSizeBinary, BinaryView -> TTypeId.BINARY_TYPE;
            case Date -> TTypeId.DATE_TYPE;
            case Timestamp -> TTypeId.TIMESTAMP_TYPE;
            case Interval -> ((ArrowType.Interval) type).getUnit() == IntervalUnit.YEAR_MONTH ? TTypeId.INTERVAL_YEAR_MONTH_TYPE : TTypeId.INTERVAL_DAY_TIME_TYPE;
            case Duration -> TTypeId.INTERVAL_DAY_TIME_TYPE;
            case Null -> TTypeId.NULL_TYPE;
            case List, LargeList, FixedSizeList, ListView, LargeListView -> TTypeId.ARRAY_TYPE;
            case Map -> TTypeId.MAP_TYPE;
            case Struct -> TTypeId.STRUCT_TYPE;
            default -> TTypeId.STRING_TYPE;
        };
    }

    /** The {@link java.sql.Types} code, as the Hive driver maps the type id. */
    static int jdbcType(Field field)
    {
        return switch (typeId(field)) {
            case BOOLEAN_TYPE -> Types.BOOLEAN;
            case TINYINT_TYPE -> Types.TINYINT;
            case SMALLINT_TYPE -> Types.SMALLINT;
            case INT_TYPE -> Types.INTEGER;
            case BIGINT_TYPE -> Types.BIGINT;
            case FLOAT_TYPE -> Types.FLOAT;
            case DOUBLE_TYPE -> Types.DOUBLE;
            case DECIMAL_TYPE -> Types.DECIMAL;
            case BINARY_TYPE -> Types.BINARY;
            case DATE_TYPE -> Types.DATE;
            case TIMESTAMP_TYPE -> Types.TIMESTAMP;
            case NULL_TYPE -> Types.NULL;
            case ARRAY_TYPE -> Types.ARRAY;
            case MAP_TYPE -> Types.JAVA_OBJECT;
            case STRUCT_TYPE -> Types.STRUCT;
            case INTERVAL_YEAR_MONTH_TYPE, INTERVAL_DAY_TIME_TYPE -> Types.OTHER;
            default -> Types.VARCHAR;
        };
    }

    /** The type as Spark SQL spells it, for {@code TYPE_NAME} in column listings. */
    static String typeName(Field field)
    {
        ArrowType type = field.getType();
        return switch (type.getTypeID()) {
            case Bool -> "BOOLEAN";
            case Int -> switch (((ArrowType.Int) type).getBitWidth()) {
                case 8 -> "TINYINT";
                case 16 -> "SMALLINT";
                case 32 -> "INT";
                default -> "BIGINT";
            };
            case FloatingPoint -> ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE ? "DOUBLE" : "FLOAT";
            case Decimal -> "DECIMAL(" + ((ArrowType.Decimal) type).getPrecision() + "," + ((ArrowType.Decimal) type).getScale() + ")";
            case Utf8, LargeUtf8, Utf8View -> "STRING";
            case Binary, LargeBinary, FixedSizeBinary, BinaryView -> "BINARY";
            case Date -> "DATE";
            case Timestamp -> ((ArrowType.Timestamp) type).getTimezone() == null ? "TIMESTAMP_NTZ" : "TIMESTAMP";
            case Interval -> ((ArrowType.Interval) type).getUnit() == IntervalUnit.YEAR_MONTH ? "INTERVAL YEAR TO MONTH" : "INTERVAL DAY TO SECOND";
            case Duration -> "INTERVAL DAY TO SECOND";
            case Null -> "VOID";
            case List, LargeList, FixedSizeList, ListView, LargeListView -> "ARRAY<" + typeName(field.getChildren().get(0)) + ">";
            case Map -> {
                List<Field> entry = field.getChildren().get(0).getChildren();
                yield "MAP<" + typeName(entry.get(0)) + ", " + typeName(entry.get(1)) + ">";
            }
            case Struct -> {
                StringBuilder name = new StringBuilder("STRUCT<");
                for (int i = 0; i < field.getChildren().size(); i++) {
                    Field child = field.getChildren().get(i);
                    name.append(i == 0 ? "" : ", ").append(child.getName()).append(": ").append(typeName(child));
                }
                yield name.append('>').toString();
            }
            default -> type.toString().toUpperCase(Locale.ROOT);
        };
    }

    /** {@code COLUMN_SIZE}: precision for numbers, characters for dates and times; null when meaningless. */
    static Integer columnSize(Field field)
    {
        ArrowType type = field.getType();
        return switch (typeId(field)) {
            case BOOLEAN_TYPE -> 1;
            case TINYINT_TYPE -> 3;
            case SMALLINT_TYPE -> 5;
            case INT_TYPE -> 10;
            case BIGINT_TYPE -> 19;
            case FLOAT_TYPE -> 7;
            case DOUBLE_TYPE -> 15;
            case DECIMAL_TYPE -> ((ArrowType.Decimal) type).getPrecision();
            case DATE_TYPE -> 10;
            case TIMESTAMP_TYPE -> 29;
            case STRING_TYPE, BINARY_TYPE -> Integer.MAX_VALUE;
            default -> null;
        };
    }

    /** {@code DECIMAL_DIGITS}: the scale of exact numbers, the fraction digits of timestamps. */
    static Integer decimalDigits(Field field)
    {
        return switch (typeId(field)) {
            case TINYINT_TYPE, SMALLINT_TYPE, INT_TYPE, BIGINT_TYPE -> 0;
            case FLOAT_TYPE -> 7;
            case DOUBLE_TYPE -> 15;
            case DECIMAL_TYPE -> ((ArrowType.Decimal) field.getType()).getScale();
            case TIMESTAMP_TYPE -> 6;
            default -> null;
        };
    }

    /** {@code NUM_PREC_RADIX}: 10 for numbers, null otherwise. */
    static Integer radix(Field field)
    {
        return switch (typeId(field)) {
            case TINYINT_TYPE, SMALLINT_TYPE, INT_TYPE, BIGINT_TYPE, FLOAT_TYPE, DOUBLE_TYPE, DECIMAL_TYPE -> 10;
            default -> null;
        };
    }
}
