package dev.sparkjobs.sql.parser.ddl.stream;

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

/** {@code TRIGGER PROCESSING TIME interval | TRIGGER AVAILABLE NOW} (Spark's triggers). */
public final class SqlStreamTrigger
        extends SqlCall
{
    public enum Kind
    {
        PROCESSING_TIME, AVAILABLE_NOW
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("TRIGGER", SqlKind.OTHER);

    private final SqlLiteral kind;
    private final @Nullable SqlNode interval;

    private SqlStreamTrigger(SqlParserPos pos, Kind kind, @Nullable SqlNode interval)
    {
        super(pos);
        this.kind = SqlLiteral.createSymbol(requireNonNull(kind, "kind is null"), pos);
        this.interval = interval;
    }

    public static SqlStreamTrigger processingTime(SqlParserPos pos, SqlNode interval)
    {
        return new SqlStreamTrigger(pos, Kind.PROCESSING_TIME, requireNonNull(interval, "interval is null"));
    }

    public static SqlStreamTrigger availableNow(SqlParserPos pos)
    {
        return new SqlStreamTrigger(pos, Kind.AVAILABLE_NOW, null);
    }

    public Kind kind()
    {
        return kind.getValueAs(Kind.class);
    }

    public Optional<SqlNode> interval()
    {
        return Optional.ofNullable(interval);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(kind, interval);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("TRIGGER");
        if (interval != null) {
            writer.keyword("PROCESSING TIME");
            interval.unparse(writer, 0, 0);
        }
        else {
            writer.keyword("AVAILABLE NOW");
        }
    }
}
