package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import dev.sparkjobs.sql.parser.ddl.Unparsing;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
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

/**
 * {@code RUN JOB name [WITH (...)] [FROM TIMESTAMP '...' TO TIMESTAMP '...' EVERY interval]
 * [RETRY LAST] [SAMPLE n ROWS] [WAIT [TIMEOUT interval]]} (Snowflake EXECUTE TASK; backfill;
 * RisingWave WAIT).
 */
public final class SqlRunJob
        extends SqlCall
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("RUN JOB", SqlKind.OTHER);

    private final SqlIdentifier name;
    private final @Nullable SqlNodeList parameters;
    private final @Nullable SqlNode from;
    private final @Nullable SqlNode to;
    private final @Nullable SqlNode every;
    private final SqlLiteral retryLast;
    private final @Nullable SqlNode sampleRows;
    private final SqlLiteral wait;
    private final @Nullable SqlNode waitTimeout;

    public SqlRunJob(SqlParserPos pos, SqlIdentifier name, @Nullable SqlNodeList parameters,
            @Nullable SqlNode from, @Nullable SqlNode to, @Nullable SqlNode every,
            boolean retryLast, @Nullable SqlNode sampleRows, boolean wait, @Nullable SqlNode waitTimeout)
    {
        super(pos);
        this.name = requireNonNull(name, "name is null");
        this.parameters = parameters;
        if ((from == null) != (to == null) || (from == null) != (every == null)) {
            throw new IllegalArgumentException("a backfill has FROM, TO and EVERY together");
        }
        this.from = from;
        this.to = to;
        this.every = every;
        this.retryLast = SqlLiteral.createBoolean(retryLast, pos);
        this.sampleRows = sampleRows;
        this.wait = SqlLiteral.createBoolean(wait, pos);
        if (waitTimeout != null && !wait) {
            throw new IllegalArgumentException("TIMEOUT belongs to WAIT");
        }
        this.waitTimeout = waitTimeout;
    }

    public SqlIdentifier name()
    {
        return name;
    }

    /** {@code WITH ('param' = 'v', ...)}. */
    public Optional<SqlNodeList> parameters()
    {
        return Optional.ofNullable(parameters);
    }

    /** Backfill start (a TIMESTAMP literal), with {@link #backfillTo()} and {@link #backfillEvery()}. */
    public Optional<SqlNode> backfillFrom()
    {
        return Optional.ofNullable(from);
    }

    public Optional<SqlNode> backfillTo()
    {
        return Optional.ofNullable(to);
    }

    public Optional<SqlNode> backfillEvery()
    {
        return Optional.ofNullable(every);
    }

    public boolean retryLast()
    {
        return retryLast.booleanValue();
    }

    /** {@code SAMPLE n ROWS}: test mode. */
    public Optional<SqlNode> sampleRows()
    {
        return Optional.ofNullable(sampleRows);
    }

    public boolean isWait()
    {
        return wait.booleanValue();
    }

    public Optional<SqlNode> waitTimeout()
    {
        return Optional.ofNullable(waitTimeout);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.<SqlNode>builder()
                .add(name, parameters, from, to, every, retryLast, sampleRows, wait, waitTimeout)
                .build();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("RUN JOB");
        name.unparse(writer, 0, 0);
        Unparsing.with(writer, parameters);
        Unparsing.clause(writer, "FROM", from);
        Unparsing.clause(writer, "TO", to);
        Unparsing.clause(writer, "EVERY", every);
        if (retryLast()) {
            writer.keyword("RETRY LAST");
        }
        if (sampleRows != null) {
            writer.keyword("SAMPLE");
            sampleRows.unparse(writer, 0, 0);
            writer.keyword("ROWS");
        }
        if (isWait()) {
            writer.keyword("WAIT");
            Unparsing.clause(writer, "TIMEOUT", waitTimeout);
        }
    }
}
