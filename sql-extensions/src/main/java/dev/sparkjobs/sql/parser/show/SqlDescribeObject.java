package dev.sparkjobs.sql.parser.show;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code DESCRIBE | DESC JOB | STREAM | RUN | POOL [EXTENDED] name}: definition, next run, last
 * runs, SLA state, lineage. A run is named by its id, as a string literal or an identifier.
 */
public final class SqlDescribeObject
        extends SqlCall
        implements ExtendedStatement
{
    public enum Kind
    {
        JOB, STREAM, RUN, POOL
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("DESCRIBE", SqlKind.OTHER);

    private final SqlLiteral kind;
    private final SqlLiteral extended;
    private final SqlNode name;

    public SqlDescribeObject(SqlParserPos pos, Kind kind, boolean extended, SqlNode name)
    {
        super(pos);
        this.kind = SqlLiteral.createSymbol(requireNonNull(kind, "kind is null"), pos);
        this.extended = SqlLiteral.createBoolean(extended, pos);
        this.name = requireNonNull(name, "name is null");
    }

    public Kind kind()
    {
        return kind.getValueAs(Kind.class);
    }

    public boolean isExtended()
    {
        return extended.booleanValue();
    }

    /** An identifier, or for a run possibly a string literal. */
    public SqlNode name()
    {
        return name;
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(kind, extended, name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("DESCRIBE");
        writer.keyword(kind().name());
        if (isExtended()) {
            writer.keyword("EXTENDED");
        }
        name.unparse(writer, 0, 0);
    }
}
