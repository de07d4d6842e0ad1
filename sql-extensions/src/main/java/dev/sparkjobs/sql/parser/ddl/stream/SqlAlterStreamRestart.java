package dev.sparkjobs.sql.parser.ddl.stream;

import java.util.List;
import java.util.Optional;
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

/** {@code ALTER STREAM name RESTART [FROM EARLIEST | LATEST | CHECKPOINT]}. */
public final class SqlAlterStreamRestart
        extends SqlAlterStream
{
    public enum From
    {
        EARLIEST, LATEST, CHECKPOINT
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER STREAM RESTART", SqlKind.OTHER_DDL);

    private final @Nullable SqlLiteral from;

    public SqlAlterStreamRestart(SqlParserPos pos, SqlIdentifier name, @Nullable From from)
    {
        super(OPERATOR, pos, name);
        this.from = from == null ? null : SqlLiteral.createSymbol(from, pos);
    }

    /** Empty when not written (restart from the checkpoint). */
    public Optional<From> from()
    {
        return Optional.ofNullable(from).map(literal -> literal.getValueAs(From.class));
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(name, from);
    }

    @Override
    protected void unparseAlteration(SqlWriter writer)
    {
        writer.keyword("RESTART");
        from().ifPresent(value -> writer.keyword("FROM " + value.name()));
    }
}
