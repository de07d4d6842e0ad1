package dev.sparkjobs.sql.parser.ddl.stream;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import dev.sparkjobs.sql.parser.ddl.Unparsing;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCreate;
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
 * A source stream: {@code CREATE [OR REPLACE] STREAM [IF NOT EXISTS] name (col type, ...,
 * WATERMARK FOR ts AS expr) WITH ('connector' = ..., ...)}.
 */
public final class SqlCreateStream
        extends SqlCreate
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE STREAM", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;
    private final SqlNodeList columns;
    private final @Nullable SqlWatermark watermark;
    private final SqlNodeList options;

    public SqlCreateStream(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            SqlNodeList columns, @Nullable SqlNode watermark, SqlNodeList options)
    {
        super(OPERATOR, pos, replace, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.columns = requireNonNull(columns, "columns is null");
        this.watermark = (SqlWatermark) watermark;
        this.options = requireNonNull(options, "options is null");
    }

    public SqlIdentifier name()
    {
        return name;
    }

    /** {@link SqlStreamColumn} nodes. */
    public SqlNodeList columns()
    {
        return columns;
    }

    public Optional<SqlWatermark> watermark()
    {
        return Optional.ofNullable(watermark);
    }

    /** The connector settings. */
    public SqlNodeList options()
    {
        return options;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(SqlLiteral.createBoolean(getReplace(), pos), SqlLiteral.createBoolean(ifNotExists, pos),
                name, columns, watermark, options);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword(getReplace() ? "CREATE OR REPLACE STREAM" : "CREATE STREAM");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode column : columns) {
            writer.sep(",");
            column.unparse(writer, 0, 0);
        }
        if (watermark != null) {
            writer.sep(",");
            watermark.unparse(writer, 0, 0);
        }
        writer.endList(frame);
        Unparsing.with(writer, options);
    }
}
