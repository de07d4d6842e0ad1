package dev.sparkjobs.sql.parser.ddl;

import static java.util.Objects.requireNonNull;

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
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A statement (or expression) inside an extended statement: a job step, a stream's query, an
 * expectation's condition. It keeps the user's original text, exactly as written, which is what
 * the planner sends to Spark; and, when Calcite's grammar can read it, the parsed tree too (for
 * validation, lineage and translation). Spark-only SQL that Calcite cannot read (LATERAL VIEW,
 * CREATE TABLE ... USING, lambdas Calcite lacks, ...) is kept as text alone.
 *
 * <p>Unparsing writes the parsed tree when there is one, the original text otherwise. Two
 * embedded statements are equal (in {@link #equalsDeep}) when their trees are, or, without
 * trees, when their texts are.
 */
public final class SqlEmbeddedStatement
        extends SqlCall
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("EMBEDDED", SqlKind.OTHER);

    private final String text;
    private final @Nullable SqlNode parsed;

    public SqlEmbeddedStatement(SqlParserPos pos, String text, @Nullable SqlNode parsed)
    {
        super(pos);
        this.text = requireNonNull(text, "text is null");
        this.parsed = parsed;
    }

    /** The statement exactly as the user wrote it (from its first token to its last). */
    public String text()
    {
        return text;
    }

    /** The tree, when Calcite's grammar reads the statement. */
    public Optional<SqlNode> parsed()
    {
        return Optional.ofNullable(parsed);
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(parsed != null ? parsed : SqlLiteral.createCharString(text, getParserPosition()));
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        if (parsed != null) {
            parsed.unparse(writer, 0, 0);
        }
        else {
            writer.print(text);
            writer.setNeedWhitespace(true);
        }
    }
}
