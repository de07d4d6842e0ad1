package dev.sparkjobs.sql.parser.ddl.stream;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ddl.SqlEmbeddedStatement;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ALTER STREAM name AS query KEEP STATE | RESET STATE}; KEEP STATE is refused when the state is incompatible. */
public final class SqlAlterStreamAs
        extends SqlAlterStream
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER STREAM AS", SqlKind.OTHER_DDL);

    private final SqlEmbeddedStatement query;
    private final SqlLiteral keepState;

    public SqlAlterStreamAs(SqlParserPos pos, SqlIdentifier name, SqlEmbeddedStatement query, boolean keepState)
    {
        super(OPERATOR, pos, name);
        this.query = requireNonNull(query, "query is null");
        this.keepState = SqlLiteral.createBoolean(keepState, pos);
    }

    public SqlEmbeddedStatement query()
    {
        return query;
    }

    /** KEEP STATE (true) or RESET STATE (false). */
    public boolean keepState()
    {
        return keepState.booleanValue();
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(name, query, keepState);
    }

    @Override
    protected void unparseAlteration(SqlWriter writer)
    {
        writer.keyword("AS");
        query.unparse(writer, 0, 0);
        writer.keyword(keepState() ? "KEEP STATE" : "RESET STATE");
    }
}
