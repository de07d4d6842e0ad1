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

/** {@code ALTER JOB name SET clause...}: replaces the clauses given, keeps the others. */
public final class SqlAlterJobSet
        extends SqlAlterJob
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER JOB SET", SqlKind.OTHER_DDL);

    private final SqlJobClauses clauses;

    public SqlAlterJobSet(SqlParserPos pos, SqlIdentifier name, SqlJobClauses clauses)
    {
        super(OPERATOR, pos, name);
        this.clauses = requireNonNull(clauses, "clauses is null");
    }

    public SqlJobClauses clauses()
    {
        return clauses;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(name, clauses);
    }

    @Override
    protected void unparseAlteration(SqlWriter writer)
    {
        writer.keyword("SET");
        clauses.unparse(writer, 0, 0);
    }
}
