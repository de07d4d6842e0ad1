package dev.sparkjobs.sql.parser.ddl.stream;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedStatement;
import dev.sparkjobs.sql.parser.ddl.SqlEmbeddedStatement;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A continuous query: {@code CREATE [OR REPLACE] STREAM [IF NOT EXISTS] name [INTO sink] [IN POOL p]
 * [WITH (...)] [WINDOW ...] [TRIGGER ...] [EMIT ...] [LATE DATA ...] [RETRY ...] [SLA MAX LAG i] AS query}.
 */
public final class SqlCreateStreamAs
        extends SqlCreate
        implements ExtendedStatement
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE STREAM AS", SqlKind.OTHER_DDL);

    private final SqlIdentifier name;
    private final SqlStreamClauses clauses;
    private final SqlEmbeddedStatement query;

    public SqlCreateStreamAs(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
            SqlStreamClauses clauses, SqlEmbeddedStatement query)
    {
        super(OPERATOR, pos, replace, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.clauses = requireNonNull(clauses, "clauses is null");
        this.query = requireNonNull(query, "query is null");
    }

    public SqlIdentifier name()
    {
        return name;
    }

    public SqlStreamClauses clauses()
    {
        return clauses;
    }

    /** The query, with its original text for Spark and Calcite's tree when Calcite reads it. */
    public SqlEmbeddedStatement query()
    {
        return query;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return List.of(SqlLiteral.createBoolean(getReplace(), pos), SqlLiteral.createBoolean(ifNotExists, pos), name, clauses, query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword(getReplace() ? "CREATE OR REPLACE STREAM" : "CREATE STREAM");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        clauses.unparse(writer, 0, 0);
        writer.keyword("AS");
        query.unparse(writer, 0, 0);
    }
}
