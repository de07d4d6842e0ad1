package dev.sparkjobs.sql.parser.ddl.stream;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ddl.ParserErrors;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code WATERMARK FOR ts AS ts - INTERVAL '10' SECOND}: the event-time column and its watermark (Flink, RisingWave). */
public final class SqlWatermark
        extends SqlCall
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("WATERMARK", SqlKind.OTHER);

    private final SqlIdentifier column;
    private final SqlNode expression;

    public SqlWatermark(SqlParserPos pos, SqlIdentifier column, SqlNode expression)
    {
        super(pos);
        this.column = requireNonNull(column, "column is null");
        this.expression = requireNonNull(expression, "expression is null");
    }

    /** A new watermark, refused when the stream already has one. */
    public static SqlWatermark create(SqlParserPos pos, SqlIdentifier column, SqlNode expression, @Nullable SqlNode existing)
    {
        if (existing != null) {
            throw ParserErrors.at(pos, "Duplicate WATERMARK: a stream has one event-time watermark");
        }
        return new SqlWatermark(pos, column, expression);
    }

    public SqlIdentifier column()
    {
        return column;
    }

    public SqlNode expression()
    {
        return expression;
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(column, expression);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("WATERMARK FOR");
        column.unparse(writer, 0, 0);
        writer.keyword("AS");
        expression.unparse(writer, 0, 0);
    }
}
