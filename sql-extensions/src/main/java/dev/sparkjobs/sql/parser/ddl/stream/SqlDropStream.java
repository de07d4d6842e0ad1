package dev.sparkjobs.sql.parser.ddl.stream;

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

/** {@code DROP STREAM [IF EXISTS] name [KEEP CHECKPOINT]}. */
public final class SqlDropStream
        extends SqlDrop
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP STREAM", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;
    private final SqlLiteral keepCheckpoint;

    public SqlDropStream(SqlParserPos pos, boolean ifExists, SqlIdentifier name, boolean keepCheckpoint)
    {
        super(OPERATOR, pos, ifExists);
        this.name = requireNonNull(name, "name is null");
        this.keepCheckpoint = SqlLiteral.createBoolean(keepCheckpoint, pos);
    }

    public SqlIdentifier name()
    {
        return name;
    }

    public boolean keepCheckpoint()
    {
        return keepCheckpoint.booleanValue();
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(SqlLiteral.createBoolean(ifExists, pos), name, keepCheckpoint);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("DROP STREAM");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        name.unparse(writer, 0, 0);
        if (keepCheckpoint()) {
            writer.keyword("KEEP CHECKPOINT");
        }
    }
}
