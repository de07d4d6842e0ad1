package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ddl.Unparsing;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
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

/** {@code AFTER a, b [WHEN ALL SUCCEEDED | ALL DONE | ANY SUCCEEDED | ANY FAILED]} (Snowflake AFTER, Databricks run_if). */
public final class SqlJobDependencies
        extends SqlCall
{
    public enum Condition
    {
        ALL_SUCCEEDED, ALL_DONE, ANY_SUCCEEDED, ANY_FAILED
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("AFTER", SqlKind.OTHER);

    private final SqlNodeList jobs;
    private final @Nullable SqlLiteral condition;

    /** @param condition null when the statement leaves it out (it means ALL SUCCEEDED) */
    public SqlJobDependencies(SqlParserPos pos, SqlNodeList jobs, @Nullable SqlLiteral condition)
    {
        super(pos);
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.condition = condition;
    }

    public SqlNodeList jobs()
    {
        return jobs;
    }

    public Condition condition()
    {
        return condition == null ? Condition.ALL_SUCCEEDED : condition.getValueAs(Condition.class);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(jobs, condition);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("AFTER");
        Unparsing.commaList(writer, jobs);
        if (condition != null) {
            writer.keyword("WHEN");
            writer.keyword(condition().name().replace('_', ' '));
        }
    }
}
