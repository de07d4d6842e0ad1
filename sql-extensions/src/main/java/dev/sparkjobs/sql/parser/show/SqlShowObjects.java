package dev.sparkjobs.sql.parser.show;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code SHOW JOBS | STREAMS | POOLS | ENGINES [LIKE 'pattern']}: sugar over the system tables. */
public final class SqlShowObjects
        extends SqlCall
        implements ExtendedStatement
{
    public enum Kind
    {
        JOBS, STREAMS, POOLS, ENGINES
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("SHOW", SqlKind.OTHER);

    private final SqlLiteral kind;
    private final @Nullable SqlNode like;

    public SqlShowObjects(SqlParserPos pos, Kind kind, @Nullable SqlNode like)
    {
        super(pos);
        this.kind = SqlLiteral.createSymbol(requireNonNull(kind, "kind is null"), pos);
        this.like = like;
    }

    public Kind kind()
    {
        return kind.getValueAs(Kind.class);
    }

    public Optional<SqlNode> like()
    {
        return Optional.ofNullable(like);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(kind, like);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("SHOW");
        writer.keyword(kind().name());
        if (like != null) {
            writer.keyword("LIKE");
            like.unparse(writer, 0, 0);
        }
    }
}
