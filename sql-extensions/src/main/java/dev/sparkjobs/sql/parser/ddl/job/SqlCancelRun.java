package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code CANCEL RUN 'run-id' [GRACEFULLY | IMMEDIATELY]}: one run. */
public final class SqlCancelRun
        extends SqlCall
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CANCEL RUN", SqlKind.OTHER);

    private final SqlNode run;
    private final @Nullable SqlLiteral mode;

    public SqlCancelRun(SqlParserPos pos, SqlNode run, @Nullable SqlCancelMode mode)
    {
        super(pos);
        this.run = requireNonNull(run, "run is null");
        this.mode = mode == null ? null : SqlLiteral.createSymbol(mode, pos);
    }

    /** The run id (a string literal, or an identifier). */
    public SqlNode run()
    {
        return run;
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
        return ImmutableNullableList.of(run, mode);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("CANCEL RUN");
        run.unparse(writer, 0, 0);
        mode().ifPresent(value -> writer.keyword(value.name()));
    }
}
