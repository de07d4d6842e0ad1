package dev.sparkjobs.gateway.hs2;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;

/** {@code GetPrimaryKeys}: Spark tables declare none, so always no rows (never an error: BI tools ask for every table). */
final class GetPrimaryKeys
        extends MetadataOperation
{
    private static final Schema SCHEMA = columns(
            string("TABLE_CAT"), string("TABLE_SCHEM"), string("TABLE_NAME"), string("COLUMN_NAME"), int32("KEY_SEQ"), string("PK_NAME"));

    GetPrimaryKeys(Hs2Session session, BufferAllocator allocator)
    {
        // The protocol has no operation type for this call; HiveServer2 reports GET_FUNCTIONS too.
        super(session, TOperationType.GET_FUNCTIONS, allocator);
    }

    @Override
    protected Schema schema()
    {
        return SCHEMA;
    }

    @Override
    protected List<Object[]> rows()
    {
        return List.of();
    }
}
