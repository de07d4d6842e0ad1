package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ddl.SqlEmbeddedStatement;
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

/**
 * {@code CONSTRAINT name EXPECT (condition) [ON VIOLATION WARN | DROP ROW | FAIL | QUARANTINE INTO table]}
 * (Databricks expectations). The condition keeps its text, like a job step.
 */
public final class SqlExpectation
        extends SqlCall
{
    public enum Action
    {
        WARN, DROP_ROW, FAIL, QUARANTINE
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CONSTRAINT", SqlKind.OTHER);

    private final SqlIdentifier name;
    private final SqlEmbeddedStatement condition;
    private final @Nullable SqlLiteral action;
    private final @Nullable SqlNode quarantineTable;

    public SqlExpectation(SqlParserPos pos, SqlIdentifier name, SqlEmbeddedStatement condition, @Nullable SqlNode action, @Nullable SqlNode quarantineTable)
    {
        super(pos);
        this.name = requireNonNull(name, "name is null");
        this.condition = requireNonNull(condition, "condition is null");
        this.action = (SqlLiteral) action;
        this.quarantineTable = quarantineTable;
    }

    public SqlIdentifier name()
    {
        return name;
    }

    public SqlEmbeddedStatement condition()
    {
        return condition;
    }

    /** Empty when the statement leaves it out (the planner's default applies). */
    public Optional<Action> action()
    {
        return Optional.ofNullable(action).map(literal -> literal.getValueAs(Action.class));
    }

    public Optional<SqlNode> quarantineTable()
    {
        return Optional.ofNullable(quarantineTable);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(name, condition, action, quarantineTable);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword("CONSTRAINT");
        name.unparse(writer, 0, 0);
        writer.keyword("EXPECT");
        SqlWriter.Frame frame = writer.startList("(", ")");
        condition.unparse(writer, 0, 0);
        writer.endList(frame);
        action().ifPresent(kind -> {
            writer.keyword("ON VIOLATION");
            switch (kind) {
                case WARN -> writer.keyword("WARN");
                case DROP_ROW -> writer.keyword("DROP ROW");
                case FAIL -> writer.keyword("FAIL");
                case QUARANTINE -> {
                    writer.keyword("QUARANTINE INTO");
                    requireNonNull(quarantineTable, "quarantineTable is null").unparse(writer, 0, 0);
                }
            }
        });
    }
}
