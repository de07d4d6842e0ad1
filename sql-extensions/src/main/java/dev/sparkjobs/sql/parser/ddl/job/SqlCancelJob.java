package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code CANCEL JOB name [GRACEFULLY | IMMEDIATELY]}: the job's active runs. */
public final class SqlCancelJob
        extends SqlCall
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CANCEL JOB", SqlKind.OTHER);

    private final SqlIdentifier job;
    private final @Nullable SqlLiteral mode;

    public SqlCancelJob(SqlParserPos pos, SqlIdentifier job, @Nullable SqlCancelMode mode)
    {
        super(pos);
        this.job = requireNonNull(job, "job is null");
        this.mode = mode == null ? null : SqlLiteral.createSymbol(mode, pos);
    }

    /** The job. */
    public SqlIdentifier job()
    {
        return job;
    }

    /** Empty when not written (the planner's default applies). */
    public Optional<SqlCancelMode> mode()
    {
        return Optional.ofNullable(mode).map(literal -> literal.getValueAs(SqlCancelMode.class));
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(job, mode);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("CANCEL JOB");
        job.unparse(writer, 0, 0);
        mode().ifPresent(value -> writer.keyword(value.name()));
    }
}
