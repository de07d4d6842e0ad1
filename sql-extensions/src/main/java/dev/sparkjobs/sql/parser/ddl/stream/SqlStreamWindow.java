package dev.sparkjobs.sql.parser.ddl.stream;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
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
 * {@code WINDOW TUMBLING (SIZE s [, GRACE PERIOD g]) | HOPPING (SIZE s, ADVANCE BY a [, GRACE PERIOD g])
 * | SESSION (GAP g [, GRACE PERIOD g]) [ON time_column]} (ksqlDB). A size or advance is an
 * interval, or a row count ({@code SIZE 1000 ROWS}) for a count-based window.
 */
public final class SqlStreamWindow
        extends SqlCall
{
    public enum Kind
    {
        TUMBLING, HOPPING, SESSION
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("WINDOW", SqlKind.OTHER);

    private final SqlLiteral kind;
    private final @Nullable SqlNode size;
    private final @Nullable SqlNode advance;
    private final @Nullable SqlNode gap;
    private final @Nullable SqlNode gracePeriod;
    private final @Nullable SqlIdentifier timeColumn;

    public SqlStreamWindow(SqlParserPos pos, Kind kind, @Nullable SqlNode size, @Nullable SqlNode advance,
            @Nullable SqlNode gap, @Nullable SqlNode gracePeriod, @Nullable SqlIdentifier timeColumn)
    {
        super(pos);
        this.kind = SqlLiteral.createSymbol(requireNonNull(kind, "kind is null"), pos);
        boolean shapeOk = switch (kind) {
            case TUMBLING -> size != null && advance == null && gap == null;
            case HOPPING -> size != null && advance != null && gap == null;
            case SESSION -> size == null && advance == null && gap != null;
        };
        if (!shapeOk) {
            throw new IllegalArgumentException("wrong parameters for a " + kind + " window");
        }
        this.size = size;
        this.advance = advance;
        this.gap = gap;
        this.gracePeriod = gracePeriod;
        this.timeColumn = timeColumn;
    }

    public Kind kind()
    {
        return kind.getValueAs(Kind.class);
    }

    public Optional<SqlNode> size()
    {
        return Optional.ofNullable(size);
    }

    public Optional<SqlNode> advance()
    {
        return Optional.ofNullable(advance);
    }

    public Optional<SqlNode> gap()
    {
        return Optional.ofNullable(gap);
    }

    public Optional<SqlNode> gracePeriod()
    {
        return Optional.ofNullable(gracePeriod);
    }

    public Optional<SqlIdentifier> timeColumn()
    {
        return Optional.ofNullable(timeColumn);
    }

    /** Sized in rows ({@code SIZE n ROWS}) rather than time. */
    public boolean isCountBased()
    {
        return size != null && !(size instanceof SqlIntervalLiteral);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(kind, size, advance, gap, gracePeriod, timeColumn);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("WINDOW");
        writer.keyword(kind().name());
        SqlWriter.Frame frame = writer.startList("(", ")");
        if (size != null) {
            writer.sep(",");
            writer.keyword("SIZE");
            unparseSize(writer, size);
        }
        if (advance != null) {
            writer.sep(",");
            writer.keyword("ADVANCE BY");
            unparseSize(writer, advance);
        }
        if (gap != null) {
            writer.sep(",");
            writer.keyword("GAP");
            gap.unparse(writer, 0, 0);
        }
        if (gracePeriod != null) {
            writer.sep(",");
            writer.keyword("GRACE PERIOD");
            gracePeriod.unparse(writer, 0, 0);
        }
        writer.endList(frame);
        if (timeColumn != null) {
            writer.keyword("ON");
            timeColumn.unparse(writer, 0, 0);
        }
    }

    private static void unparseSize(SqlWriter writer, SqlNode size)
    {
        size.unparse(writer, 0, 0);
        if (!(size instanceof SqlIntervalLiteral)) {
            writer.keyword("ROWS");
        }
    }
}
