package dev.sparkjobs.sql.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.util.Litmus;

/**
 * Parser test DSL, after Calcite's parser tests: {@code sql("...").ok("PINNED UNPARSE")} parses,
 * pins the unparsed text (whitespace runs shown as one space), parses that text again and checks
 * the two trees are equal and unparse alike; {@code sql("... ^bad^ ...").fails("regex")} checks
 * the error message and that its position is the text between the carets.
 */
public final class SqlFixture
{
    private SqlFixture()
    {
    }

    public static Sql sql(String sql)
    {
        return new Sql(sql);
    }

    public record Sql(String sql)
    {
        /** Parses, pins the unparse, round-trips; returns the node. */
        public SqlNode ok(String expected)
        {
            SqlNode node = parse(sql);
            String unparsed = ExtendedSqlParser.unparse(node);
            assertEquals(expected, flatten(unparsed), "unparse of: " + sql);
            SqlNode again = parse(unparsed);
            assertTrue(node.equalsDeep(again, Litmus.IGNORE), () -> "round trip changed the tree:\n" + sql + "\n" + unparsed);
            assertEquals(unparsed, ExtendedSqlParser.unparse(again), "unparse is not stable");
            return node;
        }

        /** Parses (no unparse check). */
        public SqlNode node()
        {
            return parse(sql);
        }

        /** Fails with a message matching the regex, at the position between the two carets. */
        public SqlSyntaxError fails(String messageRegex)
        {
            int start = sql.indexOf('^');
            int end = sql.indexOf('^', start + 1);
            if (start < 0 || end < 0) {
                throw new IllegalArgumentException("mark the error position with two carets: " + sql);
            }
            String text = sql.substring(0, start) + sql.substring(start + 1, end) + sql.substring(end + 1);
            int[] from = lineColumn(text, start);
            int[] to = lineColumn(text, end - 2);
            try {
                SqlNode node = ExtendedSqlParser.parse(text);
                return fail("expected a syntax error, parsed: " + ExtendedSqlParser.unparse(node));
            }
            catch (SqlSyntaxException e) {
                SqlSyntaxError error = e.error();
                assertEquals(SqlSyntaxError.SYNTAX_ERROR, error.sqlState());
                assertTrue(error.message().matches(messageRegex), () -> "message " + error.message() + " does not match " + messageRegex);
                String expected = from[0] + ":" + from[1] + "-" + to[0] + ":" + to[1];
                String actual = error.line() + ":" + error.column() + "-" + error.endLine() + ":" + error.endColumn();
                assertEquals(expected, actual, () -> "error position for " + text + ": " + error.message());
                return error;
            }
        }

        private static SqlNode parse(String sql)
        {
            try {
                return ExtendedSqlParser.parse(sql);
            }
            catch (SqlSyntaxException e) {
                throw new AssertionError("does not parse: " + sql + "\n" + e.error().message(), e);
            }
        }

        private static String flatten(String text)
        {
            return text.replaceAll("\\s+", " ").strip();
        }

        private static int[] lineColumn(String text, int index)
        {
            int line = 1;
            int column = 1;
            for (int i = 0; i < index; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                }
                else {
                    column++;
                }
            }
            return new int[] {line, column};
        }
    }
}
