package dev.sparkjobs.sql.parser.ddl.stream;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code name type [NOT NULL]}: a column of a source stream. */
public final class SqlStreamColumn
        extends SqlCall
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("COLUMN", SqlKind.COLUMN_DECL);

    private final SqlIdentifier name;
    private final SqlDataTypeSpec type;

    public SqlStreamColumn(SqlParserPos pos, SqlIdentifier name, SqlDataTypeSpec type)
    {
        super(pos);
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
    }

    public SqlIdentifier name()
    {
        return name;
    }

    /** The type as written; Spark names such as STRING are user-defined type names to Calcite. */
    public SqlDataTypeSpec type()
    {
        return type;
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(name, type);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        name.unparse(writer, 0, 0);
        type.unparse(writer, 0, 0);
        if (Boolean.FALSE.equals(type.getNullable())) {
            writer.keyword("NOT NULL");
        }
    }
}
