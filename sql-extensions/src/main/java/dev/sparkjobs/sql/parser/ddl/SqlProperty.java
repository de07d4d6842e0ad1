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

/** One {@code 'key' = value} of a {@code WITH (...)} list. */
public final class SqlProperty
        extends SqlCall
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("PROPERTY", SqlKind.OTHER);

    private final SqlNode key;
    private final SqlNode value;

    public SqlProperty(SqlParserPos pos, SqlNode key, SqlNode value)
    {
        super(pos);
        this.key = requireNonNull(key, "key is null");
        this.value = requireNonNull(value, "value is null");
    }

    public SqlNode key()
    {
        return key;
    }

    public SqlNode value()
    {
        return value;
    }

    /** The key as text. */
    public String keyText()
    {
        return key instanceof SqlLiteral literal ? literal.getValueAs(String.class) : key.toString();
    }

    /** The value as text ({@code '8g'} gives {@code 8g}, {@code 10} gives {@code 10}). */
    public String valueText()
    {
        return value instanceof SqlLiteral literal ? literal.toValue() : value.toString();
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(key, value);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        key.unparse(writer, 0, 0);
        writer.keyword("=");
        value.unparse(writer, 0, 0);
    }
}
