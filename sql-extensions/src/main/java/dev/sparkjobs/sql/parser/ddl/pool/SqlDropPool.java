package dev.sparkjobs.sql.parser.ddl.pool;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP POOL [IF EXISTS] name}. */
public final class SqlDropPool
        extends SqlDrop
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP POOL", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;

    public SqlDropPool(SqlParserPos pos, boolean ifExists, SqlIdentifier name)
    {
        super(OPERATOR, pos, ifExists);
        this.name = requireNonNull(name, "name is null");
    }

    public SqlIdentifier name()
    {
        return name;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(SqlLiteral.createBoolean(ifExists, pos), name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("DROP POOL");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        name.unparse(writer, 0, 0);
    }
}
