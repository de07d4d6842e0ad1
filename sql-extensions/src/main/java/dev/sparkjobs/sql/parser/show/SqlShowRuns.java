package dev.sparkjobs.sql.parser.show;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code SHOW RUNS [FOR JOB name | FOR STREAM name] [LIMIT n]}. */
public final class SqlShowRuns
        extends SqlCall
        implements ExtendedStatement
{
    public enum Owner
    {
        JOB, STREAM
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("SHOW RUNS", SqlKind.OTHER);

    private final @Nullable SqlLiteral owner;
    private final @Nullable SqlIdentifier name;
    private final @Nullable SqlNode limit;

    public SqlShowRuns(SqlParserPos pos, @Nullable Owner owner, @Nullable SqlIdentifier name, @Nullable SqlNode limit)
    {
        super(pos);
        if ((owner == null) != (name == null)) {
            throw new IllegalArgumentException("FOR JOB | STREAM needs a name");
        }
        this.owner = owner == null ? null : SqlLiteral.createSymbol(owner, pos);
        this.name = name;
        this.limit = limit;
    }

    public Optional<Owner> owner()
    {
        return Optional.ofNullable(owner).map(literal -> literal.getValueAs(Owner.class));
    }

    public Optional<SqlIdentifier> name()
    {
        return Optional.ofNullable(name);
    }

    public Optional<SqlNode> limit()
    {
        return Optional.ofNullable(limit);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(owner, name, limit);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("SHOW RUNS");
        owner().ifPresent(value -> {
            writer.keyword("FOR " + value.name());
            name.unparse(writer, 0, 0);
        });
        if (limit != null) {
            writer.keyword("LIMIT");
            limit.unparse(writer, 0, 0);
        }
    }
}
