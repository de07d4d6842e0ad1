package dev.sparkjobs.sql.parser.ddl.stream;

import dev.sparkjobs.sql.parser.ddl.SqlRetryPolicy;
import dev.sparkjobs.sql.parser.ddl.SqlSla;
import dev.sparkjobs.sql.parser.ddl.Unparsing;
import java.util.List;
import java.util.Optional;
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

/**
 * The clauses of a continuous-query stream ({@code CREATE STREAM name ... AS SELECT}), written in
 * any order, unparsed in the order GRAMMAR.md lists them.
 */
public final class SqlStreamClauses
        extends SqlCall
{
    /** {@code EMIT CHANGES} (update output) or {@code EMIT FINAL} (append once a window closes), as ksqlDB. */
    public enum Emit
    {
        CHANGES, FINAL
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("STREAM CLAUSES", SqlKind.OTHER);

    private final @Nullable SqlNode into;
    private final @Nullable SqlNode pool;
    private final @Nullable SqlNodeList options;
    private final @Nullable SqlStreamWindow window;
    private final @Nullable SqlStreamTrigger trigger;
    private final @Nullable SqlLiteral emit;
    private final SqlLiteral lateDataGiven;
    private final @Nullable SqlNode lateDataTable;
    private final @Nullable SqlRetryPolicy retry;
    private final @Nullable SqlSla sla;

    public SqlStreamClauses(SqlParserPos pos, @Nullable SqlNode into, @Nullable SqlNode pool, @Nullable SqlNodeList options,
            @Nullable SqlStreamWindow window, @Nullable SqlStreamTrigger trigger, @Nullable SqlLiteral emit,
            boolean lateDataGiven, @Nullable SqlNode lateDataTable, @Nullable SqlRetryPolicy retry, @Nullable SqlSla sla)
    {
        super(pos);
        this.into = into;
        this.pool = pool;
        this.options = options;
        this.window = window;
        this.trigger = trigger;
        this.emit = emit;
        if (lateDataTable != null && !lateDataGiven) {
            throw new IllegalArgumentException("a late-data table needs the LATE DATA clause");
        }
        this.lateDataGiven = SqlLiteral.createBoolean(lateDataGiven, pos);
        this.lateDataTable = lateDataTable;
        this.retry = retry;
        this.sla = sla;
    }

    /** The sink table; empty means a managed table named like the stream. */
    public Optional<SqlNode> into()
    {
        return Optional.ofNullable(into);
    }

    public Optional<SqlNode> pool()
    {
        return Optional.ofNullable(pool);
    }

    public Optional<SqlNodeList> options()
    {
        return Optional.ofNullable(options);
    }

    public Optional<SqlStreamWindow> window()
    {
        return Optional.ofNullable(window);
    }

    public Optional<SqlStreamTrigger> trigger()
    {
        return Optional.ofNullable(trigger);
    }

    public Optional<Emit> emit()
    {
        return Optional.ofNullable(emit).map(literal -> literal.getValueAs(Emit.class));
    }

    /** Whether a {@code LATE DATA DROP | INTO table} clause was written. */
    public boolean hasLateData()
    {
        return lateDataGiven.booleanValue();
    }

    /** {@code LATE DATA INTO table}: the dead-letter table; empty for {@code LATE DATA DROP} or no clause. */
    public Optional<SqlNode> lateDataTable()
    {
        return Optional.ofNullable(lateDataTable);
    }

    public Optional<SqlRetryPolicy> retry()
    {
        return Optional.ofNullable(retry);
    }

    /** {@code SLA MAX LAG interval}. */
    public Optional<SqlSla> sla()
    {
        return Optional.ofNullable(sla);
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
                .add(into, pool, options, window, trigger, emit, lateDataGiven, lateDataTable, retry, sla)
                .build();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        Unparsing.clause(writer, "INTO", into);
        Unparsing.clause(writer, "IN POOL", pool);
        Unparsing.with(writer, options);
        if (window != null) {
            window.unparse(writer, 0, 0);
        }
        if (trigger != null) {
            trigger.unparse(writer, 0, 0);
        }
        emit().ifPresent(mode -> writer.keyword("EMIT " + mode.name()));
        if (hasLateData()) {
            writer.keyword("LATE DATA");
            if (lateDataTable == null) {
                writer.keyword("DROP");
            }
            else {
                writer.keyword("INTO");
                lateDataTable.unparse(writer, 0, 0);
            }
        }
        if (retry != null) {
            retry.unparse(writer, 0, 0);
        }
        if (sla != null) {
            sla.unparse(writer, 0, 0);
        }
    }

}
