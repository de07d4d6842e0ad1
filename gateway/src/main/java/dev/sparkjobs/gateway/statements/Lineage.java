package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.sql.TableReferences;
import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import dev.sparkjobs.sql.parser.ddl.table.SqlCreateTableAs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;

/**
 * Column lineage of a job statement, derived with Calcite: the statement's query is validated
 * against the Spark catalog's tables (their columns read from the engine) and Calcite's metadata
 * ({@code RelMetadataQuery.getColumnOrigins}) names the source columns of each target column.
 * Statements Calcite cannot validate (Spark-only functions or syntax) get no lineage, and say why.
 */
public final class Lineage
{
    public record ColumnLineage(String target, List<String> sources)
    {
        public ColumnLineage
        {
            requireNonNull(target, "target is null");
            sources = List.copyOf(sources);
        }
    }

    public List<ColumnLineage> of(String statement, SessionContext session)
    {
        try {
            // Spark's INSERT OVERWRITE [TABLE] t and INSERT INTO TABLE t feed columns as INSERT INTO t does.
            String normalized = statement.replaceFirst("(?is)^\\s*INSERT\\s+(OVERWRITE|INTO)\\s+(TABLE\\s+)?", "INSERT INTO ");
            SqlNode node = ExtendedSqlParser.parse(normalized);
            String target;
            SqlNode query;
            List<String> targetColumns = new ArrayList<>();
            if (node instanceof SqlInsert insert) {
                target = insert.getTargetTable().toString().toLowerCase(Locale.ROOT);
                query = insert.getSource();
                SqlNodeList columns = insert.getTargetColumnList();
                if (columns != null) {
                    columns.forEach(column -> targetColumns.add(column.toString().toLowerCase(Locale.ROOT)));
                }
                else {
                    columnsOf(List.of(target.split("\\.")), session).ifPresent(schema -> schema.getFields().forEach(field -> targetColumns.add(field.getName())));
                }
            }
            else if (node instanceof SqlCreateTableAs create) {
                target = create.name().toString().toLowerCase(Locale.ROOT);
                query = create.query();
            }
            else {
                target = "result";
                query = node;
            }
            return lineage(target, targetColumns, query, session);
        }
        catch (Exception | LinkageError e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return List.of(new ColumnLineage("(not derived)", List.of("Calcite cannot validate this statement: " + reason)));
        }
    }

    private List<ColumnLineage> lineage(String target, List<String> targetColumns, SqlNode query, SessionContext session)
            throws Exception
    {
        SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
        SchemaPlus defaultSchema = root.add("default", new AbstractSchema());
        for (List<String> table : TableReferences.of(query)) {
            Optional<Schema> columns = columnsOf(table, session);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("table " + String.join(".", table) + " not found in the Spark catalog");
            }
            SchemaPlus schema = table.size() == 1 ? defaultSchema : Optional.ofNullable(root.getSubSchema(table.get(0).toLowerCase(Locale.ROOT)))
                    .orElseGet(() -> root.add(table.get(0).toLowerCase(Locale.ROOT), new AbstractSchema()));
            schema.add(table.get(table.size() - 1).toLowerCase(Locale.ROOT), new ArrowTable(columns.get()));
        }
        FrameworkConfig config = Frameworks.newConfigBuilder()
                .defaultSchema(defaultSchema)
                .parserConfig(SqlParser.config().withQuoting(Quoting.DOUBLE_QUOTE).withCaseSensitive(false)
                        .withUnquotedCasing(Casing.UNCHANGED).withQuotedCasing(Casing.UNCHANGED).withConformance(SqlConformanceEnum.LENIENT))
                .sqlValidatorConfig(org.apache.calcite.sql.validate.SqlValidator.Config.DEFAULT.withConformance(SqlConformanceEnum.LENIENT))
                .operatorTable(SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.SPARK))
                .build();
        Planner planner = Frameworks.getPlanner(config);
        String text = query.toSqlString(c -> c.withDialect(CalciteSqlDialect.DEFAULT)).getSql();
        SqlNode validated = planner.validate(planner.parse(text));
        RelRoot rel = planner.rel(validated);
        RelMetadataQuery metadata = rel.rel.getCluster().getMetadataQuery();
        List<String> outputs = rel.validatedRowType.getFieldNames();
        List<ColumnLineage> lineage = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String column = i < targetColumns.size() ? targetColumns.get(i) : outputs.get(i).toLowerCase(Locale.ROOT);
            Set<RelColumnOrigin> origins = metadata.getColumnOrigins(rel.rel, rel.fields.get(i).getKey());
            Set<String> sources = new LinkedHashSet<>();
            if (origins != null) {
                for (RelColumnOrigin origin : origins) {
                    List<String> table = origin.getOriginTable().getQualifiedName();
                    String name = origin.getOriginTable().getRowType().getFieldNames().get(origin.getOriginColumnOrdinal());
                    sources.add(String.join(".", table.subList(Math.max(0, table.size() - 2), table.size())) + "." + name
                            + (origin.isDerived() ? " (derived)" : ""));
                }
            }
            lineage.add(new ColumnLineage(target + "." + column, new ArrayList<>(sources)));
        }
        planner.close();
        return lineage;
    }

    private static Optional<Schema> columnsOf(List<String> table, SessionContext session)
    {
        try {
            Optional<String> schema = table.size() > 1 ? Optional.of(table.get(table.size() - 2)) : Optional.empty();
            CatalogObjects.TableFilter filter = new CatalogObjects.TableFilter(Optional.empty(), schema, Optional.of(table.get(table.size() - 1)), List.of(), true);
            return session.engineSession().tables(filter).stream()
                    .filter(entry -> entry.name().equalsIgnoreCase(table.get(table.size() - 1)))
                    .filter(entry -> schema.isPresent() || entry.schema().equalsIgnoreCase("default") || entry.schema().isEmpty())
                    .findFirst()
                    .flatMap(CatalogObjects.TableEntry::columns);
        }
        catch (SqlServiceException e) {
            return Optional.empty();
        }
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
