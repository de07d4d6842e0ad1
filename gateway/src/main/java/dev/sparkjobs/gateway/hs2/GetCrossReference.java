package dev.sparkjobs.gateway.hs2;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;

/** {@code GetCrossReference}: Spark tables declare no foreign keys, so always no rows, never an error. */
final class GetCrossReference
        extends MetadataOperation
{
    private static final Schema SCHEMA = columns(
            string("PKTABLE_CAT"), string("PKTABLE_SCHEM"), string("PKTABLE_NAME"), string("PKCOLUMN_NAME"),
            string("FKTABLE_CAT"), string("FKTABLE_SCHEM"), string("FKTABLE_NAME"), string("FKCOLUMN_NAME"),
            int32("KEY_SEQ"), int16("UPDATE_RULE"), int16("DELETE_RULE"), string("FK_NAME"), string("PK_NAME"), int16("DEFERRABILITY"));

    GetCrossReference(Hs2Session session, BufferAllocator allocator)
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
