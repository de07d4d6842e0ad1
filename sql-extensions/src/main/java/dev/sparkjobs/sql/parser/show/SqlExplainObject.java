package dev.sparkjobs.sql.parser.show;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code EXPLAIN JOB | STREAM name}: the job model, the Spark plan, the lineage. */
public final class SqlExplainObject
        extends SqlCall
        implements ExtendedStatement
{
    public enum Kind
    {
        JOB, STREAM
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("EXPLAIN", SqlKind.OTHER);

    private final SqlLiteral kind;
    private final SqlIdentifier name;

    public SqlExplainObject(SqlParserPos pos, Kind kind, SqlIdentifier name)
    {
        super(pos);
        this.kind = SqlLiteral.createSymbol(requireNonNull(kind, "kind is null"), pos);
        this.name = requireNonNull(name, "name is null");
    }

    public Kind kind()
    {
        return kind.getValueAs(Kind.class);
    }

    public SqlIdentifier name()
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
        return List.of(kind, name);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("EXPLAIN");
        writer.keyword(kind().name());
        name.unparse(writer, 0, 0);
    }
}
