package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ddl.SqlEmbeddedStatement;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * What a job runs: one statement ({@code AS query | INSERT | MERGE | CREATE TABLE ... AS}) or a
 * block ({@code AS BEGIN stmt; stmt; ... END}). Each step is a {@link SqlEmbeddedStatement}: its
 * original text for Spark, and Calcite's tree when Calcite can read it.
 */
public final class SqlJobBody
        extends SqlCall
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("JOB BODY", SqlKind.OTHER);

    private final SqlLiteral block;
    private final SqlNodeList statements;

    private SqlJobBody(SqlParserPos pos, boolean block, SqlNodeList statements)
    {
        super(pos);
        this.block = SqlLiteral.createBoolean(block, pos);
        this.statements = requireNonNull(statements, "statements is null");
        if (statements.isEmpty() || (!block && statements.size() != 1)) {
            throw new IllegalArgumentException("a job body has one statement, or a block of one or more");
        }
    }

    public static SqlJobBody single(SqlEmbeddedStatement statement)
    {
        return new SqlJobBody(statement.getParserPosition(), false, SqlNodeList.of(statement));
    }

    public static SqlJobBody block(SqlParserPos pos, List<SqlNode> statements)
    {
        return new SqlJobBody(pos, true, new SqlNodeList(statements, pos));
    }

    /** Written as {@code BEGIN ... END}. */
    public boolean isBlock()
    {
        return block.booleanValue();
    }

    /** The steps, in order; each a {@link SqlEmbeddedStatement}. */
    public List<SqlEmbeddedStatement> statements()
    {
        return statements.stream().map(SqlEmbeddedStatement.class::cast).toList();
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(block, statements);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        if (!isBlock()) {
            statements.get(0).unparse(writer, 0, 0);
            return;
        }
        writer.keyword("BEGIN");
        for (SqlNode statement : statements) {
            writer.newlineAndIndent();
            statement.unparse(writer, 0, 0);
            writer.setNeedWhitespace(false);
            writer.print(";");
        }
        writer.newlineAndIndent();
        writer.keyword("END");
    }
}
