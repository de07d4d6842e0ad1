package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.TableReferences;
import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import dev.sparkjobs.sql.parser.ddl.table.SqlCreateTableAs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParser;
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
        Map<List<String>, Schema> tables = new LinkedHashMap<>();
        for (List<String> table : TableReferences.of(query)) {
            Optional<Schema> columns = columnsOf(table, session);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("table " + String.join(".", table) + " not found in the Spark catalog");
            }
            tables.put(table, columns.get());
        }
        SchemaPlus defaultSchema = SparkCatalogTables.schemaOf(tables);
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
        return SparkCatalogTables.columnsOf(table, session.engineSession());
    }
}
