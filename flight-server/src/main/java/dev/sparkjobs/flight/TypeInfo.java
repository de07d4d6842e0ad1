package dev.sparkjobs.flight;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The SQL types a client may use in DDL, as JDBC's {@code getTypeInfo} reports them. */
final class TypeInfo
{
    private TypeInfo() {}

    private record Type(String name, int jdbcType, Integer precision, String prefix, String suffix, boolean caseSensitive, boolean searchable,
                        boolean unsigned, Integer minScale, Integer maxScale, Integer radix) {}

    private static final List<Type> TYPES = List.of(
            new Type("BOOLEAN", Types.BOOLEAN, 1, null, null, false, true, false, null, null, null),
            new Type("TINYINT", Types.TINYINT, 3, null, null, false, true, false, 0, 0, 10),
            new Type("SMALLINT", Types.SMALLINT, 5, null, null, false, true, false, 0, 0, 10),
            new Type("INT", Types.INTEGER, 10, null, null, false, true, false, 0, 0, 10),
            new Type("BIGINT", Types.BIGINT, 19, null, null, false, true, false, 0, 0, 10),
            new Type("FLOAT", Types.FLOAT, 7, null, null, false, true, false, null, null, 2),
            new Type("DOUBLE", Types.DOUBLE, 15, null, null, false, true, false, null, null, 2),
            new Type("DECIMAL", Types.DECIMAL, 38, null, null, false, true, false, 0, 38, 10),
            new Type("STRING", Types.VARCHAR, Integer.MAX_VALUE, "'", "'", true, true, false, null, null, null),
            new Type("CHAR", Types.CHAR, 255, "'", "'", true, true, false, null, null, null),
            new Type("VARCHAR", Types.VARCHAR, 65535, "'", "'", true, true, false, null, null, null),
            new Type("BINARY", Types.BINARY, Integer.MAX_VALUE, "X'", "'", false, false, false, null, null, null),
            new Type("DATE", Types.DATE, 10, "DATE '", "'", false, true, false, null, null, null),
            new Type("TIMESTAMP", Types.TIMESTAMP_WITH_TIMEZONE, 29, "TIMESTAMP '", "'", false, true, false, 6, 6, null),
            new Type("TIMESTAMP_NTZ", Types.TIMESTAMP, 29, "TIMESTAMP_NTZ '", "'", false, true, false, 6, 6, null),
            new Type("ARRAY", Types.ARRAY, null, null, null, false, false, false, null, null, null),
            new Type("MAP", Types.JAVA_OBJECT, null, null, null, false, false, false, null, null, null),
            new Type("STRUCT", Types.STRUCT, null, null, null, false, false, false, null, null, null));

    /** Rows in the column order of {@code FlightSqlProducer.Schemas.GET_TYPE_INFO_SCHEMA}. */
    static List<Object[]> rows(Integer onlyType)
    {
        List<Object[]> rows = new ArrayList<>();
        for (Type type : TYPES) {
            if (onlyType != null && onlyType != type.jdbcType()) {
                continue;
            }
            rows.add(new Object[] {
                    type.name(), type.jdbcType(), type.precision(), type.prefix(), type.suffix(),
                    null, // create_params
                    1, // nullable: typeNullable
                    type.caseSensitive(),
                    type.searchable() ? 3 : 0,
                    type.unsigned(),
                    false, // fixed_prec_scale
                    false, // auto_increment
                    type.name(),
                    type.minScale(), type.maxScale(),
                    type.jdbcType(),
                    null, // datetime_subcode
                    type.radix(),
                    null}); // interval_precision
        }
        return rows;
    }
}
