package dev.sparkjobs.sql.parser.ddl;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code SLA FINISH WITHIN interval [OF SCHEDULED TIME]} and {@code SLA MAX RUNTIME interval}
 * (jobs: Airflow deadlines, Databricks health rules), {@code SLA MAX LAG interval} (streams).
 */
public final class SqlSla
        extends SqlCall
{
    public enum Kind
    {
        /** The run must finish within the interval of its start (or of its scheduled time). */
        FINISH_WITHIN,
        /** A run must not take longer than the interval. */
        MAX_RUNTIME,
        /** A stream must not fall further behind its input than the interval. */
        MAX_LAG
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("SLA", SqlKind.OTHER);

    private final SqlLiteral kind;
    private final SqlNode interval;
    private final SqlLiteral ofScheduledTime;

    private SqlSla(SqlParserPos pos, Kind kind, SqlNode interval, boolean ofScheduledTime)
    {
        super(pos);
        this.kind = SqlLiteral.createSymbol(requireNonNull(kind, "kind is null"), pos);
        this.interval = requireNonNull(interval, "interval is null");
        this.ofScheduledTime = SqlLiteral.createBoolean(ofScheduledTime, pos);
    }

    public static SqlSla finishWithin(SqlParserPos pos, SqlNode interval, boolean ofScheduledTime)
    {
        return new SqlSla(pos, Kind.FINISH_WITHIN, interval, ofScheduledTime);
    }

    public static SqlSla maxRuntime(SqlParserPos pos, SqlNode interval)
    {
        return new SqlSla(pos, Kind.MAX_RUNTIME, interval, false);
    }

    public static SqlSla maxLag(SqlParserPos pos, SqlNode interval)
    {
        return new SqlSla(pos, Kind.MAX_LAG, interval, false);
    }

    public Kind kind()
    {
        return kind.getValueAs(Kind.class);
    }

    public SqlNode interval()
    {
        return interval;
    }

    /** For FINISH WITHIN: counted from the scheduled time rather than the actual start. */
    public boolean ofScheduledTime()
    {
        return ofScheduledTime.booleanValue();
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(kind, interval, ofScheduledTime);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("SLA");
        writer.keyword(switch (kind()) {
            case FINISH_WITHIN -> "FINISH WITHIN";
            case MAX_RUNTIME -> "MAX RUNTIME";
            case MAX_LAG -> "MAX LAG";
        });
        interval.unparse(writer, 0, 0);
        if (ofScheduledTime()) {
            writer.keyword("OF SCHEDULED TIME");
        }
    }
}
