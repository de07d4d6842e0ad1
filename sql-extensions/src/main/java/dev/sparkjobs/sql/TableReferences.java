package dev.sparkjobs.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;

/**
 * The tables a query reads, as written (each a list of name parts): tables in {@code FROM} and
 * joins, in subqueries, and inside window table functions ({@code TABLE(TUMBLE(TABLE t, ...))});
 * names of common table expressions are left out.
 */
public final class TableReferences
{
    private final Set<List<String>> tables = new LinkedHashSet<>();
    private final Set<String> cteNames = new HashSet<>();

    private TableReferences() {}

    public static List<List<String>> of(SqlNode query)
    {
        TableReferences references = new TableReferences();
        references.query(query);
        List<List<String>> result = new ArrayList<>();
        for (List<String> table : references.tables) {
            if (table.size() == 1 && references.cteNames.contains(table.get(0).toLowerCase(Locale.ROOT))) {
                continue;
            }
            result.add(table);
        }
        return result;
    }

    /** Whether a name is {@code system.x} (or {@code catalog.system.x}): the gateway's own tables. */
    public static boolean isSystemTable(List<String> name)
    {
        return name.size() >= 2 && name.get(name.size() - 2).equalsIgnoreCase("system");
    }

    private void query(SqlNode node)
    {
        if (node == null) {
            return;
        }
        if (node instanceof SqlSelect select) {
            from(select.getFrom());
            nested(select.getSelectList());
            nested(select.getWhere());
            nested(select.getHaving());
            return;
        }
        if (node instanceof SqlOrderBy orderBy) {
            query(orderBy.query);
            return;
        }
        if (node instanceof SqlWith with) {
            for (SqlNode item : with.withList) {
                SqlWithItem withItem = (SqlWithItem) item;
                cteNames.add(withItem.name.getSimple().toLowerCase(Locale.ROOT));
                query(withItem.query);
            }
            query(with.body);
            return;
        }
        if (node instanceof SqlCall call && (call.getKind() == SqlKind.UNION || call.getKind() == SqlKind.INTERSECT
                || call.getKind() == SqlKind.EXCEPT)) {
            for (SqlNode operand : call.getOperandList()) {
                query(operand);
            }
            return;
        }
        if (node instanceof SqlCall call && call.getKind() == SqlKind.EXPLICIT_TABLE) {
            from(call.operand(0));
            return;
        }
        nested(node);
    }

    private void from(SqlNode node)
    {
        if (node == null) {
            return;
        }
        if (node instanceof SqlIdentifier identifier) {
            tables.add(List.copyOf(identifier.names));
            return;
        }
        if (node instanceof SqlJoin join) {
            from(join.getLeft());
            from(join.getRight());
            nested(join.getCondition());
            return;
        }
        if (node instanceof SqlCall call) {
            switch (call.getKind()) {
                case AS, EXPLICIT_TABLE, COLLECTION_TABLE, LATERAL, TABLESAMPLE, SET_SEMANTICS_TABLE -> from(call.operand(0));
                case DESCRIPTOR -> { }
                case SELECT, ORDER_BY, WITH, UNION, INTERSECT, EXCEPT, VALUES -> query(call);
                default -> {
                    // A table function: its table arguments are tables, the rest is expressions.
                    for (SqlNode operand : call.getOperandList()) {
                        if (operand instanceof SqlCall argument && (argument.getKind() == SqlKind.EXPLICIT_TABLE
                                || argument.getKind() == SqlKind.SET_SEMANTICS_TABLE || argument.getKind() == SqlKind.SELECT)) {
                            from(argument);
                        }
                        else {
                            nested(operand);
                        }
                    }
                }
            }
        }
    }

    /** Subqueries inside expressions. */
    private void nested(SqlNode node)
    {
        if (node instanceof SqlSelect || node instanceof SqlOrderBy || node instanceof SqlWith) {
            query(node);
        }
        else if (node instanceof SqlNodeList list) {
            for (SqlNode element : list) {
                nested(element);
            }
        }
        else if (node instanceof SqlCall call) {
            for (SqlNode operand : call.getOperandList()) {
                nested(operand);
            }
        }
    }
}
