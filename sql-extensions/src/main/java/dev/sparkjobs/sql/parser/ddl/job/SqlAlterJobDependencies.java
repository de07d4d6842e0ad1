package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ddl.Unparsing;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ALTER JOB name ADD AFTER a, b} and {@code ALTER JOB name DROP AFTER a, b}. */
public final class SqlAlterJobDependencies
        extends SqlAlterJob
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER JOB AFTER", SqlKind.OTHER_DDL);

    private final SqlLiteral add;
    private final SqlNodeList jobs;

    public SqlAlterJobDependencies(SqlParserPos pos, SqlIdentifier name, boolean add, SqlNodeList jobs)
    {
        super(OPERATOR, pos, name);
        this.add = SqlLiteral.createBoolean(add, pos);
        this.jobs = requireNonNull(jobs, "jobs is null");
    }

    /** ADD AFTER (true) or DROP AFTER (false). */
    public boolean isAdd()
    {
        return add.booleanValue();
    }

    public SqlNodeList jobs()
    {
        return jobs;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(name, add, jobs);
    }

    @Override
    protected void unparseAlteration(SqlWriter writer)
    {
        writer.keyword(isAdd() ? "ADD AFTER" : "DROP AFTER");
        Unparsing.commaList(writer, jobs);
    }
}
