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

/** {@code ALTER JOB name AS body}: a new version of what the job runs. */
public final class SqlAlterJobAs
        extends SqlAlterJob
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER JOB AS", SqlKind.OTHER_DDL);

    private final SqlJobBody body;

    public SqlAlterJobAs(SqlParserPos pos, SqlIdentifier name, SqlJobBody body)
    {
        super(OPERATOR, pos, name);
        this.body = requireNonNull(body, "body is null");
    }

    public SqlJobBody body()
    {
        return body;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(name, body);
    }

    @Override
    protected void unparseAlteration(SqlWriter writer)
    {
        writer.keyword("AS");
        body.unparse(writer, 0, 0);
    }
}
