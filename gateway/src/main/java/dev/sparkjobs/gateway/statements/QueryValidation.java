package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.planner.validation.Suggestions;
import dev.sparkjobs.sql.TableReferences;
import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;

/**
 * Calcite's check of a Spark-bound query before any Spark work starts: the query is validated
 * against the catalog's tables, and a column that none of them has is refused with SQLSTATE
 * 42703, the position of the reference in the user's text and Calcite's did-you-mean.
 *
 * <p>Calcite must never make a valid Spark statement fail, so the check speaks only when it is
 * certain: the query parses as a query, every table it reads is a one- or two-part name the
 * catalog lists (temporary views, paths such as {@code parquet.`/x`} and table functions are
 * left to Spark), the session has not changed how names resolve, and the missing name is
 * neither a column of those tables (struct fields, Spark's name rules) nor an alias anywhere in
 * the query (Spark resolves lateral column aliases), nor one of Spark's hidden metadata columns,
 * nor a date-part word Spark takes as a unit.
 * Anything else Calcite finds (an unknown function, a type rule Spark does not share) is
 * Spark's to judge. A column found missing from cached columns is checked again with fresh
 * ones before it is reported.
 */
public final class QueryValidation
{
    private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("^Column '([^']+)' not found in (?:any table|table '[^']*')(?:; did you mean '([^']+)'\\?)?$");
    /** Calcite's words for a name that is no column and no select alias (it tried lateral aliases too). */
    private static final Pattern ONLY_ITSELF = Pattern.compile("^The definition of column '([^']+)' depends on itself through the following columns: '\\1'$");

    /** Spark takes these bare as units ({@code datediff(DAY, a, b)}, {@code date_part(YEAR, d)}); Calcite may read them as columns. */
    private static final Set<String> DATE_PARTS = Set.of("year", "years", "yyyy", "yy", "quarter", "quarters", "qtr", "month", "months", "mon", "mm",
            "week", "weeks", "w", "day", "days", "d", "dd", "dayofweek", "dow", "dayofyear", "doy", "hour", "hours", "h", "hh", "minute", "minutes",
            "m", "mi", "second", "seconds", "s", "sec", "millisecond", "milliseconds", "ms", "microsecond", "microseconds", "us", "epoch");

    private final Map<List<String>, Optional<Schema>> columns = new ConcurrentHashMap<>();

    /** What a session's catalog lookups return, as last seen; cleared when the session changes the catalog. */
    public void forgetColumns()
    {
        columns.clear();
    }

    /** A 42703 error for a query whose column no table has; empty when the query passes or Calcite cannot be certain. */
    public Optional<SqlServiceException> check(String sql, SqlSession session)
    {
        requireNonNull(sql, "sql is null");
        requireNonNull(session, "session is null");
        try {
            SqlNode query = ExtendedSqlParser.parse(sql);
            if (!query.getKind().belongsTo(SqlKind.QUERY)) {
                return Optional.empty();
            }
            List<List<String>> tables = TableReferences.of(query);
            if (tables.isEmpty()) {
                return Optional.empty();
            }
            Optional<Missing> missing = validate(sql, tables, session, true);
            if (missing.isEmpty()) {
                return Optional.empty();
            }
            // Cached columns may be stale: only what fresh ones confirm is reported.
            tables.forEach(columns::remove);
            missing = validate(sql, tables, session, false);
            if (missing.isEmpty() || !certain(missing.get(), query, tables, session)) {
                return Optional.empty();
            }
            Missing found = missing.get();
            String message = String.format(Locale.ROOT, "Column '%s' not found in any table of the query%s (line %d, column %d)",
                    found.name(), found.suggestion().map(suggestion -> "; did you mean '" + suggestion + "'?").orElse(""), found.line(), found.column());
            return Optional.of(new SqlServiceException("42703", 0, message, null));
        }
        catch (Exception | LinkageError | StackOverflowError e) {
            return Optional.empty();
        }
    }

    private record Missing(String name, Optional<String> suggestion, int line, int column) {}

    private Optional<Missing> validate(String sql, List<List<String>> tables, SqlSession session, boolean cached)
            throws Exception
    {
        Map<List<String>, Schema> resolved = new LinkedHashMap<>();
        for (List<String> table : tables) {
            List<String> key = table.stream().map(part -> part.toLowerCase(Locale.ROOT)).toList();
            Optional<Schema> schema = cached
                    ? columns.computeIfAbsent(key, ignored -> SparkCatalogTables.columnsOf(table, session))
                    : SparkCatalogTables.columnsOf(table, session);
            columns.put(key, schema);
            if (schema.isEmpty()) {
                return Optional.empty();
            }
            resolved.put(table, schema.get());
        }
        FrameworkConfig config = Frameworks.newConfigBuilder()
                .defaultSchema(SparkCatalogTables.schemaOf(resolved))
                .parserConfig(ExtendedSqlParser.CONFIG)
                .sqlValidatorConfig(SqlValidator.Config.DEFAULT.withConformance(SqlConformanceEnum.LENIENT).withIdentifierExpansion(true))
                .operatorTable(SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.SPARK, SqlLibrary.HIVE,
                        SqlLibrary.MYSQL, SqlLibrary.BIG_QUERY, SqlLibrary.POSTGRESQL))
                .build();
        Planner planner = Frameworks.getPlanner(config);
        try {
            planner.validate(planner.parse(sql));
            return Optional.empty();
        }
        catch (org.apache.calcite.tools.ValidationException e) {
            if (!(e.getCause() instanceof CalciteContextException context)) {
                return Optional.empty();
            }
            String reason = context.getCause() == null ? "" : String.valueOf(context.getCause().getMessage());
            Matcher matcher = COLUMN_NOT_FOUND.matcher(reason);
            Matcher itself = ONLY_ITSELF.matcher(reason);
            Optional<String> suggestion;
            String name;
            if (matcher.matches()) {
                name = matcher.group(1);
                suggestion = Optional.ofNullable(matcher.group(2));
            }
            else if (itself.matches()) {
                name = itself.group(1);
                suggestion = Suggestions.closest(name, resolved.values().stream()
                        .flatMap(schema -> schema.getFields().stream().map(Field::getName)).toList());
            }
            else {
                return Optional.empty();
            }
            return Optional.of(new Missing(name, suggestion, context.getPosLine(), context.getPosColumn()));
        }
        finally {
            planner.close();
        }
    }

    /** The missing name is no column of the tables read, no alias in the query, and not a hidden column. */
    private static boolean certain(Missing missing, SqlNode query, List<List<String>> tables, SqlSession session)
    {
        String name = missing.name().toLowerCase(Locale.ROOT);
        if (name.startsWith("_metadata") || DATE_PARTS.contains(name)) {
            return false;
        }
        for (List<String> table : tables) {
            Optional<Schema> schema = SparkCatalogTables.columnsOf(table, session);
            if (schema.isEmpty()) {
                return false;
            }
            for (Field field : schema.get().getFields()) {
                if (field.getName().equalsIgnoreCase(name)) {
                    return false;
                }
            }
        }
        return !aliases(query).contains(name);
    }

    /** Every name the query gives with {@code AS} (columns, tables, subqueries). */
    private static Set<String> aliases(SqlNode query)
    {
        Set<String> aliases = new HashSet<>();
        query.accept(new SqlBasicVisitor<Void>()
        {
            @Override
            public Void visit(SqlCall call)
            {
                if (call.getKind() == SqlKind.AS && call instanceof SqlBasicCall as) {
                    for (SqlNode operand : as.getOperandList().subList(1, as.operandCount())) {
                        if (operand instanceof SqlIdentifier identifier && identifier.isSimple()) {
                            aliases.add(identifier.getSimple().toLowerCase(Locale.ROOT));
                        }
                    }
                }
                for (SqlNode operand : call.getOperandList()) {
                    if (operand != null) {
                        operand.accept(this);
                    }
                }
                return null;
            }
        });
        return aliases;
    }
}
