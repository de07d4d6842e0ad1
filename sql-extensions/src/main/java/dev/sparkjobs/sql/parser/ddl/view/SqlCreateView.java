package dev.sparkjobs.sql.parser.ddl.view;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ddl.Unparsing;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code CREATE [OR REPLACE] [TEMPORARY] VIEW [IF NOT EXISTS] name [(columns)] AS query}: standard
 * SQL that Spark runs itself (TPC-H q15 uses it), modelled so the planner can read the query.
 * Spark's own forms (COMMENT, TBLPROPERTIES, USING ...) are not parsed and reach Spark unchanged.
 */
public final class SqlCreateView
        extends SqlCreate
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE VIEW", SqlKind.CREATE_VIEW);

    private final SqlLiteral temporary;
    private final SqlIdentifier name;
    private final @Nullable SqlNodeList columns;
    private final SqlNode query;

    public SqlCreateView(SqlParserPos pos, boolean replace, boolean temporary, boolean ifNotExists, SqlIdentifier name,
            @Nullable SqlNodeList columns, SqlNode query)
    {
        super(OPERATOR, pos, replace, ifNotExists);
        this.temporary = SqlLiteral.createBoolean(temporary, pos);
        this.name = requireNonNull(name, "name is null");
        this.columns = columns;
        this.query = requireNonNull(query, "query is null");
    }

    public boolean isTemporary()
    {
        return temporary.booleanValue();
    }

    public SqlIdentifier name()
    {
        return name;
    }

    public Optional<SqlNodeList> columns()
    {
        return Optional.ofNullable(columns);
    }

    public SqlNode query()
    {
        return query;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(SqlLiteral.createBoolean(getReplace(), pos), temporary, SqlLiteral.createBoolean(ifNotExists, pos),
                name, columns, query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword(getReplace() ? "CREATE OR REPLACE" : "CREATE");
        if (isTemporary()) {
            writer.keyword("TEMPORARY");
        }
        writer.keyword("VIEW");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        if (columns != null) {
            Unparsing.parenthesized(writer, columns);
        }
        writer.keyword("AS");
        writer.newlineAndIndent();
        query.unparse(writer, 0, 0);
    }
}
