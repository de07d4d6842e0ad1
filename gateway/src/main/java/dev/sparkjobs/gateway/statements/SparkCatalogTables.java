package dev.sparkjobs.gateway.statements;

import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Tables of the Spark catalog as Calcite sees them: the columns an engine session lists for a
 * table, with types close enough for validation and lineage (nested types become {@code ANY}).
 */
final class SparkCatalogTables
{
    private SparkCatalogTables() {}

    /** The columns of a one- or two-part table name; an unqualified name is looked up in {@code default}. */
    static Optional<Schema> columnsOf(List<String> table, SqlSession session)
    {
        if (table.isEmpty() || table.size() > 2) {
            return Optional.empty();
        }
        try {
            Optional<String> schema = Optional.of(table.size() > 1 ? table.get(0) : "default");
            CatalogObjects.TableFilter filter = new CatalogObjects.TableFilter(Optional.empty(), schema, Optional.of(table.get(table.size() - 1)), List.of(), true);
            return session.tables(filter).stream()
                    .filter(entry -> entry.name().equalsIgnoreCase(table.get(table.size() - 1)))
                    .filter(entry -> entry.schema().equalsIgnoreCase(schema.get()))
                    .findFirst()
                    .flatMap(CatalogObjects.TableEntry::columns);
        }
        catch (SqlServiceException e) {
            return Optional.empty();
        }
    }

    /** A Calcite root schema holding the given tables, each under its (lower-cased) schema; returns the {@code default} schema. */
    static SchemaPlus schemaOf(Map<List<String>, Schema> tables)
    {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        SchemaPlus defaultSchema = root.add("default", new AbstractSchema());
        tables.forEach((table, columns) -> {
            SchemaPlus schema = table.size() == 1 ? defaultSchema : Optional.ofNullable(root.getSubSchema(table.get(0).toLowerCase(Locale.ROOT)))
                    .orElseGet(() -> root.add(table.get(0).toLowerCase(Locale.ROOT), new AbstractSchema()));
            schema.add(table.get(table.size() - 1).toLowerCase(Locale.ROOT), new ArrowTable(columns));
        });
        return defaultSchema;
    }

    /** A Spark table as Calcite sees it: its columns, with types close enough for validation. */
    private static final class ArrowTable
            extends AbstractTable
    {
        private final Schema schema;

        ArrowTable(Schema schema)
        {
            this.schema = schema;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory)
        {
            RelDataTypeFactory.Builder builder = typeFactory.builder();
            for (Field field : schema.getFields()) {
                builder.add(field.getName().toLowerCase(Locale.ROOT), typeFactory.createTypeWithNullability(type(typeFactory, field.getType()), true));
            }
            return builder.build();
        }

        private static RelDataType type(RelDataTypeFactory factory, ArrowType type)
        {
            if (type instanceof ArrowType.Int integer) {
                return factory.createSqlType(integer.getBitWidth() > 32 ? SqlTypeName.BIGINT : integer.getBitWidth() > 16 ? SqlTypeName.INTEGER : SqlTypeName.SMALLINT);
            }
            if (type instanceof ArrowType.FloatingPoint) {
                return factory.createSqlType(SqlTypeName.DOUBLE);
            }
            if (type instanceof ArrowType.Decimal decimal) {
                return factory.createSqlType(SqlTypeName.DECIMAL, decimal.getPrecision(), decimal.getScale());
            }
            if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
                return factory.createSqlType(SqlTypeName.VARCHAR);
            }
            if (type instanceof ArrowType.Date) {
                return factory.createSqlType(SqlTypeName.DATE);
            }
            if (type instanceof ArrowType.Timestamp) {
                return factory.createSqlType(SqlTypeName.TIMESTAMP);
            }
            if (type instanceof ArrowType.Bool) {
                return factory.createSqlType(SqlTypeName.BOOLEAN);
            }
            return factory.createSqlType(SqlTypeName.ANY);
        }
    }
}
