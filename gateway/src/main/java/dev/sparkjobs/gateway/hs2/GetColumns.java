package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.SqlServiceException;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;

/** {@code GetColumns}: the columns of matching tables, typed as the result of a query on them would be. */
final class GetColumns
        extends MetadataOperation
{
    private static final Schema SCHEMA = columns(
            string("TABLE_CAT"), string("TABLE_SCHEM"), string("TABLE_NAME"), string("COLUMN_NAME"), int32("DATA_TYPE"),
            string("TYPE_NAME"), int32("COLUMN_SIZE"), int16("BUFFER_LENGTH"), int32("DECIMAL_DIGITS"), int32("NUM_PREC_RADIX"),
            int32("NULLABLE"), string("REMARKS"), string("COLUMN_DEF"), int32("SQL_DATA_TYPE"), int32("SQL_DATETIME_SUB"),
            int32("CHAR_OCTET_LENGTH"), int32("ORDINAL_POSITION"), string("IS_NULLABLE"), string("SCOPE_CATALOG"),
            string("SCOPE_SCHEMA"), string("SCOPE_TABLE"), int16("SOURCE_DATA_TYPE"), string("IS_AUTO_INCREMENT"));

    private final String catalog;
    private final String schemaPattern;
    private final String tablePattern;
    private final String columnPattern;

    GetColumns(Hs2Session session, BufferAllocator allocator, String catalog, String schemaPattern, String tablePattern, String columnPattern)
    {
        super(session, TOperationType.GET_COLUMNS, allocator);
        this.catalog = catalog;
        this.schemaPattern = schemaPattern;
        this.tablePattern = tablePattern;
        this.columnPattern = columnPattern;
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
        Pattern columns = Pattern.compile(CatalogObjects.likeToRegex(pattern(columnPattern).orElse("%")), Pattern.CASE_INSENSITIVE);
        CatalogObjects.TableFilter filter = new CatalogObjects.TableFilter(catalog(catalog), pattern(schemaPattern), pattern(tablePattern), List.of(), true);
        List<Object[]> rows = new ArrayList<>();
        for (CatalogObjects.TableEntry table : session().sql().tables(filter)) {
            List<Field> fields = table.columns().map(Schema::getFields).orElse(List.of());
            for (int i = 0; i < fields.size(); i++) {
                Field field = fields.get(i);
                if (columns.matcher(field.getName()).matches()) {
                    rows.add(row(table, field, i + 1));
                }
            }
        }
        return rows;
    }

    private static Object[] row(CatalogObjects.TableEntry table, Field field, int position)
    {
        int jdbcType = ThriftTypes.jdbcType(field);
        return new Object[] {
                table.catalog(), table.schema(), table.name(), field.getName(), jdbcType,
                ThriftTypes.typeName(field), ThriftTypes.columnSize(field), null, ThriftTypes.decimalDigits(field), ThriftTypes.radix(field),
                field.isNullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls, "", null, null, null,
                null, position, field.isNullable() ? "YES" : "NO", null,
                null, null, null, "NO"};
    }
}
