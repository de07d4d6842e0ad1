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

/** {@code ALTER JOB name UNSET SCHEDULE | RETRY | TIMEOUT | SLA}. */
public final class SqlAlterJobUnset
        extends SqlAlterJob
{
    public enum Clause
    {
        SCHEDULE, RETRY, TIMEOUT, SLA
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER JOB UNSET", SqlKind.OTHER_DDL);

    private final SqlLiteral clause;

    public SqlAlterJobUnset(SqlParserPos pos, SqlIdentifier name, SqlNode clause)
    {
        super(OPERATOR, pos, name);
        this.clause = (SqlLiteral) requireNonNull(clause, "clause is null");
    }

    public Clause clause()
    {
        return clause.getValueAs(Clause.class);
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(name, clause);
    }

    @Override
    protected void unparseAlteration(SqlWriter writer)
    {
        writer.keyword("UNSET");
        writer.keyword(clause().name());
    }
}
