package dev.sparkjobs.sql.parser.ddl;

import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Maps parser positions (1-based line and column, as the generated lexer counts them with a tab
 * size of 1) back to the original text, so an embedded statement keeps the user's own text.
 */
public final class SourceText
{
    private SourceText()
    {
    }

    /** The text from the start of {@code pos} to its end, both inclusive. */
    public static String slice(String sql, SqlParserPos pos)
    {
        int begin = offset(sql, pos.getLineNum(), pos.getColumnNum());
        int end = offset(sql, pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
        if (begin < 0 || end <= begin || end > sql.length()) {
            throw new IllegalArgumentException("position " + pos + " is outside the statement");
        }
        return sql.substring(begin, end);
    }

    /**
     * The index of the character at a line and column. Lines end at {@code \n}, at {@code \r\n}
     * and at a lone {@code \r}, as in JavaCC's character stream.
     */
    public static int offset(String sql, int line, int column)
    {
        int currentLine = 1;
        int i = 0;
        int length = sql.length();
        while (currentLine < line && i < length) {
            char c = sql.charAt(i++);
            if (c == '\n') {
                currentLine++;
            }
            else if (c == '\r') {
                if (i < length && sql.charAt(i) == '\n') {
                    i++;
                }
                currentLine++;
            }
        }
        return currentLine == line ? i + column - 1 : -1;
    }
}
