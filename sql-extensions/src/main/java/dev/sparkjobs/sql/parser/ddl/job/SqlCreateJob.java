package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE [OR REPLACE] JOB [IF NOT EXISTS] name clause... AS body}. */
public final class SqlCreateJob
        extends SqlCreate
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE JOB", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;
    private final SqlJobClauses clauses;
    private final SqlJobBody body;

    public SqlCreateJob(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name, SqlJobClauses clauses, SqlJobBody body)
    {
        super(OPERATOR, pos, replace, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.clauses = requireNonNull(clauses, "clauses is null");
        this.body = requireNonNull(body, "body is null");
    }

    public SqlIdentifier name()
    {
        return name;
    }

    public SqlJobClauses clauses()
    {
        return clauses;
    }

    public SqlJobBody body()
    {
        return body;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(SqlLiteral.createBoolean(getReplace(), pos), SqlLiteral.createBoolean(ifNotExists, pos), name, clauses, body);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword(getReplace() ? "CREATE OR REPLACE JOB" : "CREATE JOB");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        clauses.unparse(writer, 0, 0);
        writer.keyword("AS");
        body.unparse(writer, 0, 0);
    }
}
