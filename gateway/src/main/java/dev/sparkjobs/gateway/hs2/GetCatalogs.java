package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.flight.SqlServiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;

/** {@code GetCatalogs}: the catalogs of the session. */
final class GetCatalogs
        extends MetadataOperation
{
    private static final Schema SCHEMA = columns(string("TABLE_CAT"));

    GetCatalogs(Hs2Session session, BufferAllocator allocator)
    {
        super(session, TOperationType.GET_CATALOGS, allocator);
    }

    @Override
    protected Schema schema()
    {
        return SCHEMA;
    }

    @Override
    protected List<Object[]> rows()
            throws SqlServiceException
    {
        List<Object[]> rows = new ArrayList<>();
        for (String catalog : session().sql().catalogs()) {
            rows.add(new Object[] {catalog});
        }
        return rows;
    }
}
