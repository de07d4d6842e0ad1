package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;

/** {@code GetTables}: tables and views matching patterns and types. */
final class GetTables
        extends MetadataOperation
{
    private static final Schema SCHEMA = columns(
            string("TABLE_CAT"), string("TABLE_SCHEM"), string("TABLE_NAME"), string("TABLE_TYPE"), string("REMARKS"),
            string("TYPE_CAT"), string("TYPE_SCHEM"), string("TYPE_NAME"), string("SELF_REFERENCING_COL_NAME"), string("REF_GENERATION"));

    private final String catalog;
    private final String schemaPattern;
    private final String tablePattern;
    private final List<String> tableTypes;

    GetTables(Hs2Session session, BufferAllocator allocator, String catalog, String schemaPattern, String tablePattern, List<String> tableTypes)
    {
        super(session, TOperationType.GET_TABLES, allocator);
        this.catalog = catalog;
        this.schemaPattern = schemaPattern;
        this.tablePattern = tablePattern;
        this.tableTypes = tableTypes == null ? List.of() : List.copyOf(tableTypes);
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
        CatalogObjects.TableFilter filter = new CatalogObjects.TableFilter(catalog(catalog), pattern(schemaPattern), pattern(tablePattern), tableTypes, false);
        List<Object[]> rows = new ArrayList<>();
        for (CatalogObjects.TableEntry table : session().sql().tables(filter)) {
            rows.add(new Object[] {table.catalog(), table.schema(), table.name(), table.type(), "", null, null, null, null, null});
        }
        return rows;
    }
}
