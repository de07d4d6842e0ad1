package dev.sparkjobs.gateway.hs2;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;

/** {@code GetTableTypes}: the kinds of table the session lists. */
final class GetTableTypes
        extends MetadataOperation
{
    private static final Schema SCHEMA = columns(string("TABLE_TYPE"));

    GetTableTypes(Hs2Session session, BufferAllocator allocator)
    {
        super(session, TOperationType.GET_TABLE_TYPES, allocator);
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
        for (String type : session().sql().tableTypes()) {
            rows.add(new Object[] {type});
        }
        return rows;
    }
}
