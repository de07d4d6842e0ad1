package dev.sparkjobs.sql.parser.ddl.job;

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

/**
 * {@code SCHEDULE CRON 'expr' [TIME ZONE 'zone'] | SCHEDULE EVERY interval
 * | SCHEDULE ON FILE ARRIVAL IN 'path' | SCHEDULE MANUAL}.
 */
public final class SqlSchedule
        extends SqlCall
{
    public enum Kind
    {
        CRON, EVERY, FILE_ARRIVAL, MANUAL
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("SCHEDULE", SqlKind.OTHER);

    private final SqlLiteral kind;
    private final @Nullable SqlNode value;
    private final @Nullable SqlNode timeZone;

    private SqlSchedule(SqlParserPos pos, Kind kind, @Nullable SqlNode value, @Nullable SqlNode timeZone)
    {
        super(pos);
        this.kind = SqlLiteral.createSymbol(requireNonNull(kind, "kind is null"), pos);
        this.value = value;
        this.timeZone = timeZone;
    }

    public static SqlSchedule cron(SqlParserPos pos, SqlNode expression, @Nullable SqlNode timeZone)
    {
        return new SqlSchedule(pos, Kind.CRON, requireNonNull(expression, "expression is null"), timeZone);
    }

    public static SqlSchedule every(SqlParserPos pos, SqlNode interval)
    {
        return new SqlSchedule(pos, Kind.EVERY, requireNonNull(interval, "interval is null"), null);
    }

    public static SqlSchedule fileArrival(SqlParserPos pos, SqlNode path)
    {
        return new SqlSchedule(pos, Kind.FILE_ARRIVAL, requireNonNull(path, "path is null"), null);
    }

    public static SqlSchedule manual(SqlParserPos pos)
    {
        return new SqlSchedule(pos, Kind.MANUAL, null, null);
    }

    public Kind kind()
    {
        return kind.getValueAs(Kind.class);
    }

    /** The cron expression, the interval, or the path; empty for MANUAL. */
    public Optional<SqlNode> value()
    {
        return Optional.ofNullable(value);
    }

    public Optional<SqlNode> timeZone()
    {
        return Optional.ofNullable(timeZone);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(kind, value, timeZone);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("SCHEDULE");
        writer.keyword(switch (kind()) {
            case CRON -> "CRON";
            case EVERY -> "EVERY";
            case FILE_ARRIVAL -> "ON FILE ARRIVAL IN";
            case MANUAL -> "MANUAL";
        });
        if (value != null) {
            value.unparse(writer, 0, 0);
        }
        if (timeZone != null) {
            writer.keyword("TIME ZONE");
            timeZone.unparse(writer, 0, 0);
        }
    }
}
