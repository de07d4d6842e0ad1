package dev.sparkjobs.sql.parser.ddl.table;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCreate;
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
 * {@code CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [table options] AS query}: standard SQL
 * that Spark runs itself, and a job body form. The query is Calcite's tree (for lineage); Spark's
 * table options ({@code USING delta PARTITIONED BY (d) TBLPROPERTIES (...)}) stay the user's text.
 */
public final class SqlCreateTableAs
        extends SqlCreate
{
    private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE AS", SqlKind.CREATE_TABLE);

    private final SqlIdentifier name;
    private final @Nullable String tableOptions;
    private final SqlNode query;

    public SqlCreateTableAs(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name, @Nullable String tableOptions, SqlNode query)
    {
        super(OPERATOR, pos, replace, ifNotExists);
        this.name = requireNonNull(name, "name is null");
        this.tableOptions = tableOptions;
        this.query = requireNonNull(query, "query is null");
    }

    public SqlIdentifier name()
    {
        return name;
    }

    /** Spark's table options as written, such as {@code USING delta PARTITIONED BY (d)}. */
    public Optional<String> tableOptions()
    {
        return Optional.ofNullable(tableOptions);
    }

    public SqlNode query()
    {
        return query;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.of(SqlLiteral.createBoolean(getReplace(), pos), SqlLiteral.createBoolean(ifNotExists, pos), name,
                tableOptions == null ? null : SqlLiteral.createCharString(tableOptions, pos), query);
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        writer.keyword(getReplace() ? "CREATE OR REPLACE TABLE" : "CREATE TABLE");
        if (ifNotExists) {
            writer.keyword("IF NOT EXISTS");
        }
        name.unparse(writer, 0, 0);
        if (tableOptions != null) {
            writer.print(tableOptions);
            writer.setNeedWhitespace(true);
        }
        writer.keyword("AS");
        writer.newlineAndIndent();
        query.unparse(writer, 0, 0);
    }
}
