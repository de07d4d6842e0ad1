package dev.sparkjobs.sql.parser.ddl.stream;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ALTER STREAM name PAUSE | RESUME}. */
public final class SqlAlterStreamState
        extends SqlAlterStream
{
    public enum Action
    {
        PAUSE, RESUME
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER STREAM STATE", SqlKind.OTHER_DDL);

    private final SqlLiteral action;

    public SqlAlterStreamState(SqlParserPos pos, SqlIdentifier name, Action action)
    {
        super(OPERATOR, pos, name);
        this.action = SqlLiteral.createSymbol(requireNonNull(action, "action is null"), pos);
    }

    public Action action()
    {
        return action.getValueAs(Action.class);
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(name, action);
    }

    @Override
    protected void unparseAlteration(SqlWriter writer)
    {
        writer.keyword(action().name());
    }
}
