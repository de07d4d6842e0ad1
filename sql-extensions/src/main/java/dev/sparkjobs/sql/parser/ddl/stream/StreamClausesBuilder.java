package dev.sparkjobs.sql.parser.ddl.stream;

import dev.sparkjobs.sql.parser.ddl.ParserErrors;
import dev.sparkjobs.sql.parser.ddl.SqlRetryPolicy;
import dev.sparkjobs.sql.parser.ddl.SqlSla;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Collects the clauses of a continuous-query stream in any order; refuses one given twice. */
public final class StreamClausesBuilder
{
    private final List<SqlParserPos> positions = new ArrayList<>();
    private @Nullable SqlNode into;
    private @Nullable SqlNode pool;
    private @Nullable SqlNodeList options;
    private @Nullable SqlStreamWindow window;
    private @Nullable SqlStreamTrigger trigger;
    private @Nullable SqlLiteral emit;
    private boolean lateDataGiven;
    private @Nullable SqlNode lateDataTable;
    private @Nullable SqlRetryPolicy retry;
    private @Nullable SqlSla sla;

    public void into(SqlParserPos pos, SqlNode table)
    {
        into = once(into, table, pos, "INTO");
    }

    public void pool(SqlParserPos pos, SqlNode pool)
    {
        this.pool = once(this.pool, pool, pos, "IN POOL");
    }

    public void properties(SqlParserPos pos, SqlNodeList options)
    {
        this.options = once(this.options, options, pos, "WITH");
    }

    public void window(SqlNode window)
    {
        this.window = once(this.window, (SqlStreamWindow) window, window.getParserPosition(), "WINDOW");
    }

    public void trigger(SqlStreamTrigger trigger)
    {
        this.trigger = once(this.trigger, trigger, trigger.getParserPosition(), "TRIGGER");
    }

    public void emit(SqlParserPos pos, SqlNode emit)
    {
        this.emit = once(this.emit, (SqlLiteral) emit, pos, "EMIT");
    }

    /** @param table the dead-letter table, or null for {@code LATE DATA DROP} */
    public void lateData(SqlParserPos pos, @Nullable SqlNode table)
    {
        if (lateDataGiven) {
            throw ParserErrors.at(pos, "Duplicate LATE DATA clause");
        }
        lateDataGiven = true;
        lateDataTable = table;
        positions.add(pos);
    }

    public void retry(SqlNode retry)
    {
        this.retry = once(this.retry, (SqlRetryPolicy) retry, retry.getParserPosition(), "RETRY");
    }

    public void sla(SqlNode sla)
    {
        SqlSla value = (SqlSla) sla;
        if (value.kind() != SqlSla.Kind.MAX_LAG) {
            throw ParserErrors.at(sla.getParserPosition(), "A stream's SLA is MAX LAG interval");
        }
        this.sla = once(this.sla, value, sla.getParserPosition(), "SLA");
    }

    public SqlStreamClauses build(SqlParserPos fallback)
    {
        SqlParserPos pos = positions.isEmpty() ? fallback : SqlParserPos.sum(positions);
        return new SqlStreamClauses(pos, into, pool, options, window, trigger, emit, lateDataGiven, lateDataTable, retry, sla);
    }

    private <T> T once(@Nullable T existing, T value, SqlParserPos pos, String clause)
    {
        if (existing != null) {
            throw ParserErrors.at(pos, "Duplicate " + clause + " clause");
        }
        positions.add(pos);
        return value;
    }
}
