package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlDrop;
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

/** {@code DROP JOB [IF EXISTS] name [RESTRICT | CASCADE]}; RESTRICT fails while other jobs depend on it. */
public final class SqlDropJob
        extends SqlDrop
        implements ExtendedStatement
{
    public enum Behavior
    {
        RESTRICT, CASCADE
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP JOB", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;
    private final @Nullable SqlLiteral behavior;

    public SqlDropJob(SqlParserPos pos, boolean ifExists, SqlIdentifier name, @Nullable Behavior behavior)
    {
        super(OPERATOR, pos, ifExists);
        this.name = requireNonNull(name, "name is null");
        this.behavior = behavior == null ? null : SqlLiteral.createSymbol(behavior, pos);
    }

    public SqlIdentifier name()
    {
        return name;
    }

    /** Empty when not written (the planner treats it as RESTRICT). */
    public Optional<Behavior> behavior()
    {
        return Optional.ofNullable(behavior).map(literal -> literal.getValueAs(Behavior.class));
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(SqlLiteral.createBoolean(ifExists, pos), name, behavior);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("DROP JOB");
        if (ifExists) {
            writer.keyword("IF EXISTS");
        }
        name.unparse(writer, 0, 0);
        behavior().ifPresent(value -> writer.keyword(value.name()));
    }
}
