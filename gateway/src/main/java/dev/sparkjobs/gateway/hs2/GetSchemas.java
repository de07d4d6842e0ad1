package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;

/** {@code GetSchemas}: the schemas (Spark databases) matching a pattern. */
final class GetSchemas
        extends MetadataOperation
{
    private static final Schema SCHEMA = columns(string("TABLE_SCHEM"), string("TABLE_CATALOG"));

    private final String catalog;
    private final String schemaPattern;

    GetSchemas(Hs2Session session, BufferAllocator allocator, String catalog, String schemaPattern)
    {
        super(session, TOperationType.GET_SCHEMAS, allocator);
        this.catalog = catalog;
        this.schemaPattern = schemaPattern;
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
        for (CatalogObjects.SchemaEntry schema : session().sql().schemas(catalog(catalog), pattern(schemaPattern))) {
            rows.add(new Object[] {schema.schema(), schema.catalog()});
        }
        return rows;
    }
}
