package dev.sparkjobs.sql.parser.ddl;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Small unparse helpers shared by the node classes. */
public final class Unparsing
{
    private Unparsing()
    {
    }

    /** {@code (a, b, c)} */
    public static void parenthesized(SqlWriter writer, SqlNodeList nodes)
    {
        SqlWriter.Frame frame = writer.startList("(", ")");
        for (SqlNode node : nodes) {
            writer.sep(",");
            node.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }

    /** {@code a, b, c} */
    public static void commaList(SqlWriter writer, SqlNodeList nodes)
    {
        SqlWriter.Frame frame = writer.startList("", "");
        for (SqlNode node : nodes) {
            writer.sep(",");
            node.unparse(writer, 0, 0);
        }
        writer.endList(frame);
    }

    /** {@code KEYWORD node} when the node is present. */
    public static void clause(SqlWriter writer, String keywords, @Nullable SqlNode node)
    {
        if (node != null) {
            writer.keyword(keywords);
            node.unparse(writer, 0, 0);
        }
    }

    /** {@code WITH ('k' = 'v', ...)} when the list is present. */
    public static void with(SqlWriter writer, @Nullable SqlNodeList properties)
    {
        if (properties != null) {
            writer.keyword("WITH");
            parenthesized(writer, properties);
        }
    }
}
