package dev.sparkjobs.sql.parser.ddl;

import static java.util.Objects.requireNonNull;

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

/** {@code RETRY n [TIMES] [DELAY interval] [BACKOFF FIXED | EXPONENTIAL [MAX interval]]} (Airflow, Databricks). */
public final class SqlRetryPolicy
        extends SqlCall
{
    public enum Backoff
    {
        FIXED, EXPONENTIAL
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("RETRY", SqlKind.OTHER);

    private final SqlNode attempts;
    private final @Nullable SqlNode delay;
    private final @Nullable SqlNode backoff;
    private final @Nullable SqlNode maxDelay;

    public SqlRetryPolicy(SqlParserPos pos, SqlNode attempts, @Nullable SqlNode delay, @Nullable SqlNode backoff, @Nullable SqlNode maxDelay)
    {
        super(pos);
        this.attempts = requireNonNull(attempts, "attempts is null");
        this.delay = delay;
        this.backoff = backoff;
        this.maxDelay = maxDelay;
    }

    /** How many times a failed run is retried. */
    public SqlNode attempts()
    {
        return attempts;
    }

    public Optional<SqlNode> delay()
    {
        return Optional.ofNullable(delay);
    }

    public Optional<Backoff> backoff()
    {
        return Optional.ofNullable(backoff).map(node -> ((SqlLiteral) node).getValueAs(Backoff.class));
    }

    public Optional<SqlNode> maxDelay()
    {
        return Optional.ofNullable(maxDelay);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(attempts, delay, backoff, maxDelay);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("RETRY");
        attempts.unparse(writer, 0, 0);
        writer.keyword("TIMES");
        Unparsing.clause(writer, "DELAY", delay);
        backoff().ifPresent(kind -> {
            writer.keyword("BACKOFF");
            writer.keyword(kind.name());
        });
        Unparsing.clause(writer, "MAX", maxDelay);
    }
}
