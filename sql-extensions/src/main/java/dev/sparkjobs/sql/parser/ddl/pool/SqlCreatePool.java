package dev.sparkjobs.sql.parser.ddl.pool;

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

/** {@code CREATE [OR REPLACE] POOL [IF NOT EXISTS] name [WITH ('share.level' = 'USER', ...)]}. */
public final class SqlCreatePool
        extends SqlCreate
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE POOL", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;
    private final @Nullable SqlNodeList options;

    public SqlCreatePool(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name, @Nullable SqlNodeList options)
    {
        super(OPERATOR, pos, replace, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.options = options;
    }

    public SqlIdentifier name()
    {
        return name;
    }

    public Optional<SqlNodeList> options()
    {
        return Optional.ofNullable(options);
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(SqlLiteral.createBoolean(getReplace(), pos), SqlLiteral.createBoolean(ifNotExists, pos), name, options);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword(getReplace() ? "CREATE OR REPLACE POOL" : "CREATE POOL");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        Unparsing.with(writer, options);
    }
}
