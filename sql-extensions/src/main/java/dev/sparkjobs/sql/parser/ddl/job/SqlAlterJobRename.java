package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ALTER JOB name RENAME TO new_name}. */
public final class SqlAlterJobRename
        extends SqlAlterJob
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER JOB RENAME", SqlKind.OTHER_DDL);

    private final SqlIdentifier newName;

    public SqlAlterJobRename(SqlParserPos pos, SqlIdentifier name, SqlIdentifier newName)
    {
        super(OPERATOR, pos, name);
        this.newName = requireNonNull(newName, "newName is null");
    }

    public SqlIdentifier newName()
    {
        return newName;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(name, newName);
    }

    @Override
    protected void unparseAlteration(SqlWriter writer)
    {
        writer.keyword("RENAME TO");
        newName.unparse(writer, 0, 0);
    }
}
