package dev.sparkjobs.sql.parser.ddl.pool;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import dev.sparkjobs.sql.parser.ddl.Unparsing;
import java.util.List;
import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ALTER POOL name SET WITH (...)}: the settings given replace those of the same key. */
public final class SqlAlterPool
        extends SqlDdl
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER POOL", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;
    private final SqlNodeList options;

    public SqlAlterPool(SqlParserPos pos, SqlIdentifier name, SqlNodeList options)
    {
        super(OPERATOR, pos);
        this.name = requireNonNull(name, "name is null");
        this.options = requireNonNull(options, "options is null");
    }

    public SqlIdentifier name()
    {
        return name;
    }

    public SqlNodeList options()
    {
        return options;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(name, options);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("ALTER POOL");
        name.unparse(writer, 0, 0);
        writer.keyword("SET");
        Unparsing.with(writer, options);
    }
}
