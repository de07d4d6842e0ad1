package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import dev.sparkjobs.planner.validation.ModelError;
import dev.sparkjobs.planner.validation.ModelException;
import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import dev.sparkjobs.sql.parser.SqlSyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.SqlParserUtil;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Compiles both window forms of a stream's SELECT into Spark's own:
 * <ul>
 * <li>the ksqlDB clause ({@code WINDOW TUMBLING (SIZE 1 MINUTE) ON ts} beside a SELECT that names
 *     {@code window_start} and {@code window_end});</li>
 * <li>the window table functions in the FROM clause, as Calcite and Flink write them:
 *     {@code TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), size))}, {@code HOP(..., slide, size)},
 *     {@code SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), gap)}, grouped by
 *     {@code window_start, window_end}.</li>
 * </ul>
 * Either way the window becomes the first grouping key, {@code window(ts, size[, slide])} or
 * {@code session_window(ts, gap)}, and {@code window_start}/{@code window_end} become that
 * struct's {@code start}/{@code end}. A query without a window passes through unchanged.
 */
public final class WindowCompiler
{
    private static final SqlParserPos POS = SqlParserPos.ZERO;

    private WindowCompiler() {}

    public static CompiledQuery compile(String stream, String query, Optional<WindowClause> clause)
    {
        requireNonNull(query, "query is null");
        if (clause.isPresent() && clause.get().window() instanceof Window.CountTumbling count) {
            throw StreamErrors.unsupported(stream, "WINDOW TUMBLING (SIZE " + count.rows() + " ROWS)",
                    "count windows do not run on Spark Structured Streaming, which closes windows by event time and watermark only; use a time window");
        }
        SqlNode parsed;
        try {
            parsed = ExtendedSqlParser.parse(query);
        }
        catch (SqlSyntaxException e) {
            if (clause.isEmpty() && !mentionsWindowFunction(query)) {
                // Spark SQL that Calcite cannot read still runs as written.
                return new CompiledQuery(query, Optional.empty(), Optional.empty());
            }
            throw new ModelException(ModelError.INVALID_DEFINITION, "stream " + stream, "AS", "the windowed query cannot be read: " + e.getMessage());
        }
        if (!(parsed instanceof SqlSelect select)) {
            if (clause.isPresent()) {
                throw StreamErrors.unsupported(stream, "WINDOW", "a window applies to a single SELECT ... GROUP BY, not to " + parsed.getKind());
            }
            return new CompiledQuery(query, Optional.empty(), Optional.empty());
        }
        Optional<TableFunctionWindow> tableFunction = tableFunction(stream, select.getFrom());
        if (tableFunction.isPresent() && clause.isPresent()) {
            throw StreamErrors.invalid(stream, "WINDOW", "the query has both a WINDOW clause and a window table function; keep one");
        }
        Optional<WindowSpec> window = clause.flatMap(WindowSpec::of).or(() -> tableFunction.map(TableFunctionWindow::window));
        if (window.isEmpty()) {
            return new CompiledQuery(query, Optional.empty(), Optional.empty());
        }
        tableFunction.ifPresent(function -> select.setFrom(function.from()));
        rewrite(stream, select, window.get());
        Optional<String> source = tableFunction.map(TableFunctionWindow::table)
                .or(() -> tableName(select.getFrom()));
        return new CompiledQuery(ExtendedSqlParser.unparse(select), window, source);
    }

    private static boolean mentionsWindowFunction(String query)
    {
        String upper = query.toUpperCase(Locale.ROOT);
        return upper.contains("DESCRIPTOR");
    }

    private static void rewrite(String stream, SqlSelect select, WindowSpec window)
    {
        if (select.getGroup() == null || select.getGroup().isEmpty()) {
            throw StreamErrors.invalid(stream, "WINDOW", "a windowed query aggregates: it needs GROUP BY (window_start and window_end come from the window)");
        }
        List<SqlNode> keys = new ArrayList<>();
        keys.add(windowCall(window));
        for (SqlNode key : select.getGroup()) {
            if (!(key instanceof SqlIdentifier identifier && windowField(identifier).isPresent())) {
                keys.add(key.accept(new WindowFields(window)));
            }
        }
        select.setGroupBy(new SqlNodeList(keys, POS));

        List<SqlNode> items = new ArrayList<>();
        for (SqlNode item : select.getSelectList()) {
            if (item instanceof SqlIdentifier identifier && windowField(identifier).isPresent()) {
                SqlNode field = identifier.accept(new WindowFields(window));
                items.add(SqlStdOperatorTable.AS.createCall(POS, field, new SqlIdentifier(identifier.names.get(identifier.names.size() - 1), POS)));
            }
            else {
                items.add(item.accept(new WindowFields(window)));
            }
        }
        select.setSelectList(new SqlNodeList(items, POS));
        if (select.getHaving() != null) {
            select.setHaving(select.getHaving().accept(new WindowFields(window)));
        }
        if (select.getWhere() != null && containsWindowField(select.getWhere())) {
            throw StreamErrors.invalid(stream, "WHERE", "window_start and window_end exist after the window is formed: filter them in HAVING");
        }
    }

    private static boolean containsWindowField(SqlNode node)
    {
        boolean[] found = {false};
        node.accept(new SqlShuttle()
        {
            @Override
            public SqlNode visit(SqlIdentifier identifier)
            {
                found[0] |= windowField(identifier).isPresent();
                return identifier;
            }
        });
        return found[0];
    }

    /** {@code start} or {@code end} for an identifier whose last part is window_start or window_end. */
    private static Optional<String> windowField(SqlIdentifier identifier)
    {
        if (identifier.isStar()) {
            return Optional.empty();
        }
        String last = identifier.names.get(identifier.names.size() - 1).toLowerCase(Locale.ROOT);
        return switch (last) {
            case "window_start" -> Optional.of("start");
            case "window_end" -> Optional.of("end");
            default -> Optional.empty();
        };
    }

    private static SqlNode windowCall(WindowSpec window)
    {
        List<SqlNode> operands = new ArrayList<>();
        operands.add(new SqlIdentifier(List.of(window.timeColumn().split("\\.")), POS));
        operands.add(SqlLiteral.createCharString(StreamSources.interval(window.size()), POS));
        if (window.kind() == WindowSpec.Kind.HOPPING) {
            operands.add(SqlLiteral.createCharString(StreamSources.interval(window.slide()), POS));
        }
        SqlUnresolvedFunction function = new SqlUnresolvedFunction(new SqlIdentifier(window.columnName(), POS), null, null, null, null,
                SqlFunctionCategory.USER_DEFINED_FUNCTION);
        return function.createCall(POS, operands);
    }

    /** window_start → window.start (or session_window.start), everywhere in an expression. */
    private static final class WindowFields
            extends SqlShuttle
    {
        private final WindowSpec window;

        WindowFields(WindowSpec window)
        {
            this.window = window;
        }

        @Override
        public SqlNode visit(SqlIdentifier identifier)
        {
            return windowField(identifier)
                    .<SqlNode>map(field -> new SqlIdentifier(List.of(window.columnName(), field), POS))
                    .orElse(identifier);
        }
    }

    private record TableFunctionWindow(WindowSpec window, SqlNode from, String table) {}

    private static Optional<TableFunctionWindow> tableFunction(String stream, SqlNode from)
    {
        if (from == null) {
            return Optional.empty();
        }
        SqlNode alias = null;
        SqlNode inner = from;
        if (from.getKind() == SqlKind.AS) {
            inner = ((SqlCall) from).operand(0);
            alias = ((SqlCall) from).operand(1);
        }
        if (inner.getKind() != SqlKind.COLLECTION_TABLE) {
            return Optional.empty();
        }
        SqlNode function = ((SqlCall) inner).operand(0);
        if (!(function instanceof SqlCall call)) {
            return Optional.empty();
        }
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        if (!List.of("TUMBLE", "HOP", "SESSION").contains(name)) {
            return Optional.empty();
        }
        List<SqlNode> operands = call.getOperandList().stream().map(WindowCompiler::unnamed).toList();
        SqlIdentifier table = null;
        String timeColumn = null;
        List<Duration> intervals = new ArrayList<>();
        for (SqlNode operand : operands) {
            if (operand.getKind() == SqlKind.EXPLICIT_TABLE || operand.getKind() == SqlKind.SET_SEMANTICS_TABLE) {
                SqlNode tableNode = ((SqlCall) operand).operand(0);
                if (tableNode.getKind() == SqlKind.EXPLICIT_TABLE) {
                    tableNode = ((SqlCall) tableNode).operand(0);
                }
                if (tableNode instanceof SqlIdentifier identifier) {
                    table = identifier;
                }
            }
            else if (isDescriptor(operand) && timeColumn == null) {
                SqlNode column = ((SqlCall) operand).operand(0);
                timeColumn = column.toString();
            }
            else if (operand instanceof SqlIntervalLiteral literal) {
                intervals.add(Duration.ofMillis(SqlParserUtil.intervalToMillis(literal.getValueAs(SqlIntervalLiteral.IntervalValue.class))));
            }
        }
        String clause = name + "(...)";
        if (table == null || timeColumn == null) {
            throw StreamErrors.invalid(stream, clause, "a window table function takes TABLE name and DESCRIPTOR(time_column)");
        }
        WindowSpec window = switch (name) {
            case "TUMBLE" -> {
                need(stream, clause, intervals, 1, "the window size");
                yield WindowSpec.tumbling(timeColumn, intervals.get(0));
            }
            case "HOP" -> {
                need(stream, clause, intervals, 2, "the slide and the window size");
                yield WindowSpec.hopping(timeColumn, intervals.get(1), intervals.get(0));
            }
            default -> {
                need(stream, clause, intervals, 1, "the session gap");
                yield WindowSpec.session(timeColumn, intervals.get(intervals.size() - 1));
            }
        };
        if (intervals.size() > (name.equals("HOP") ? 2 : 1) && !name.equals("SESSION")) {
            throw StreamErrors.unsupported(stream, clause, "a window offset is not supported: Spark windows here are aligned to the epoch");
        }
        SqlNode newFrom = alias == null ? table : SqlStdOperatorTable.AS.createCall(POS, table, alias);
        return Optional.of(new TableFunctionWindow(window, newFrom, table.toString()));
    }

    private static boolean isDescriptor(SqlNode operand)
    {
        return operand.getKind() == SqlKind.DESCRIPTOR
                || (operand instanceof SqlCall call && call.getOperator().getName().equalsIgnoreCase("DESCRIPTOR") && call.operandCount() == 1);
    }

    private static void need(String stream, String clause, List<Duration> intervals, int count, String what)
    {
        if (intervals.size() < count) {
            throw StreamErrors.invalid(stream, clause, "the window table function needs " + what + " as INTERVAL literals");
        }
    }

    private static SqlNode unnamed(SqlNode operand)
    {
        if (operand.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
            return ((SqlBasicCall) operand).operand(0);
        }
        return operand;
    }

    private static Optional<String> tableName(SqlNode from)
    {
        if (from instanceof SqlIdentifier identifier) {
            return Optional.of(identifier.toString());
        }
        if (from != null && from.getKind() == SqlKind.AS && ((SqlCall) from).operand(0) instanceof SqlIdentifier identifier) {
            return Optional.of(identifier.toString());
        }
        return Optional.empty();
    }
}
