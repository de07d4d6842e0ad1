package dev.sparkjobs.sql.parser.ddl.job;

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

/** {@code ALTER JOB name SUSPEND | RESUME}: stop or restart scheduling new runs. */
public final class SqlAlterJobState
        extends SqlAlterJob
{
    public enum Action
    {
        SUSPEND, RESUME
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER JOB STATE", SqlKind.OTHER_DDL);

    private final SqlLiteral action;

    public SqlAlterJobState(SqlParserPos pos, SqlIdentifier name, Action action)
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
