package dev.sparkjobs.gateway.hs2;

import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;

/** {@code GetTypeInfo}: the Spark SQL types a client may use in DDL and casts. */
final class GetTypeInfo
        extends MetadataOperation
{
    private static final Schema SCHEMA = columns(
            string("TYPE_NAME"), int32("DATA_TYPE"), int32("PRECISION"), string("LITERAL_PREFIX"), string("LITERAL_SUFFIX"),
            string("CREATE_PARAMS"), int16("NULLABLE"), bool("CASE_SENSITIVE"), int16("SEARCHABLE"), bool("UNSIGNED_ATTRIBUTE"),
            bool("FIXED_PREC_SCALE"), bool("AUTO_INCREMENT"), string("LOCAL_TYPE_NAME"), int16("MINIMUM_SCALE"), int16("MAXIMUM_SCALE"),
            int32("SQL_DATA_TYPE"), int32("SQL_DATETIME_SUB"), int32("NUM_PREC_RADIX"));

    private record Type(String name, int jdbcType, Integer precision, String prefix, String suffix, String createParams,
                        boolean caseSensitive, boolean searchable, Integer maxScale, Integer radix) {}

    private static final List<Type> TYPES = List.of(
            new Type("VOID", Types.NULL, null, null, null, null, false, false, null, null),
            new Type("BOOLEAN", Types.BOOLEAN, 1, null, null, null, false, true, null, null),
            new Type("TINYINT", Types.TINYINT, 3, null, null, null, false, true, 0, 10),
            new Type("SMALLINT", Types.SMALLINT, 5, null, null, null, false, true, 0, 10),
            new Type("INT", Types.INTEGER, 10, null, null, null, false, true, 0, 10),
            new Type("BIGINT", Types.BIGINT, 19, null, null, null, false, true, 0, 10),
            new Type("FLOAT", Types.FLOAT, 7, null, null, null, false, true, null, 10),
            new Type("DOUBLE", Types.DOUBLE, 15, null, null, null, false, true, null, 10),
            new Type("DECIMAL", Types.DECIMAL, 38, null, null, "precision,scale", false, true, 38, 10),
            new Type("STRING", Types.VARCHAR, Integer.MAX_VALUE, "'", "'", null, true, true, null, null),
            new Type("VARCHAR", Types.VARCHAR, Integer.MAX_VALUE, "'", "'", "length", true, true, null, null),
            new Type("CHAR", Types.CHAR, Integer.MAX_VALUE, "'", "'", "length", true, true, null, null),
            new Type("BINARY", Types.BINARY, Integer.MAX_VALUE, "X'", "'", null, false, false, null, null),
            new Type("DATE", Types.DATE, 10, "DATE '", "'", null, false, true, null, null),
            new Type("TIMESTAMP", Types.TIMESTAMP, 29, "TIMESTAMP '", "'", null, false, true, 6, null),
            new Type("TIMESTAMP_NTZ", Types.TIMESTAMP, 29, "TIMESTAMP_NTZ '", "'", null, false, true, 6, null),
            new Type("INTERVAL", Types.OTHER, null, "INTERVAL '", "'", null, false, false, null, null),
            new Type("ARRAY", Types.ARRAY, null, null, null, null, false, false, null, null),
            new Type("MAP", Types.JAVA_OBJECT, null, null, null, null, false, false, null, null),
            new Type("STRUCT", Types.STRUCT, null, null, null, null, false, false, null, null));

    GetTypeInfo(Hs2Session session, BufferAllocator allocator)
    {
        super(session, TOperationType.GET_TYPE_INFO, allocator);
    }

    @Override
    protected Schema schema()
    {
        return SCHEMA;
    }

    @Override
    protected List<Object[]> rows()
    {
        List<Object[]> rows = new ArrayList<>();
        for (Type type : TYPES) {
            rows.add(new Object[] {
                    type.name(), type.jdbcType(), type.precision(), type.prefix(), type.suffix(),
                    type.createParams(), (short) DatabaseMetaData.typeNullable, type.caseSensitive(),
                    (short) (type.searchable() ? DatabaseMetaData.typeSearchable : DatabaseMetaData.typePredNone),
                    false, false, false, type.name(),
                    (short) 0, type.maxScale() == null ? null : (short) (int) type.maxScale(),
                    null, null, type.radix()});
        }
        return rows;
    }
}
