package dev.sparkjobs.sql.parser;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A statement the parser refused, as a client should see it: a SQLSTATE, a message that says
 * what and where, and the position (1-based line and column, as in the message). The gateway
 * turns it into its own error type at the wire.
 *
 * @param sqlState {@link #SYNTAX_ERROR} or {@link #STATEMENT_TOO_COMPLEX}
 * @param message one paragraph, with the position in it; never a stack trace
 * @param line first line of the offending text, 1-based
 * @param column first column of the offending text, 1-based
 * @param endLine last line of the offending text
 * @param endColumn last column of the offending text
 */
public record SqlSyntaxError(String sqlState, String message, int line, int column, int endLine, int endColumn)
{
    /** SQLSTATE 42601: syntax error. */
    public static final String SYNTAX_ERROR = "42601";
    /** SQLSTATE 54001: statement too complex (not parsed within the time limit, or nested too deeply). */
    public static final String STATEMENT_TOO_COMPLEX = "54001";

    private static final int EXPECTED_SHOWN = 12;

    public SqlSyntaxError
    {
        requireNonNull(sqlState, "sqlState is null");
        requireNonNull(message, "message is null");
        if (line < 1 || column < 1 || endLine < line || (endLine == line && endColumn < column)) {
            throw new IllegalArgumentException("bad position " + line + ":" + column + "-" + endLine + ":" + endColumn);
        }
    }

    /** Calcite's parse error, its expected-token list cut short. */
    public static SqlSyntaxError of(SqlParseException e)
    {
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                return new SqlSyntaxError(STATEMENT_TOO_COMPLEX, "Statement too complex: nested too deeply to parse. At line 1, column 1.", 1, 1, 1, 1);
            }
        }
        SqlParserPos pos = e.getPos();
        int line = pos == null || pos.getLineNum() < 1 ? 1 : pos.getLineNum();
        int column = pos == null || pos.getColumnNum() < 1 ? 1 : pos.getColumnNum();
        int endLine = pos == null || pos.getEndLineNum() < line ? line : pos.getEndLineNum();
        int endColumn = pos == null || (endLine == line && pos.getEndColumnNum() < column) ? column : pos.getEndColumnNum();
        String raw = e.getMessage() != null ? e.getMessage()
                : "The statement cannot be parsed (" + (e.getCause() == null ? "no detail" : e.getCause().getClass().getSimpleName()) + ").";
        int expecting = raw.indexOf("Was expecting");
        String head = (expecting < 0 ? raw : raw.substring(0, expecting)).strip();
        if (!head.contains("line " + line)) {
            head = head + (head.endsWith(".") ? "" : ".") + " At line " + line + ", column " + column + ".";
        }
        StringBuilder message = new StringBuilder("Syntax error: ").append(head);
        Collection<String> expected = expected(e);
        if (!expected.isEmpty()) {
            List<String> shown = expected.stream().sorted().limit(EXPECTED_SHOWN).toList();
            message.append(" Was expecting one of: ").append(String.join(", ", shown));
            if (expected.size() > EXPECTED_SHOWN) {
                message.append(", ... (").append(expected.size() - EXPECTED_SHOWN).append(" more)");
            }
            message.append('.');
        }
        else if (expecting >= 0) {
            message.append(' ').append(raw.substring(expecting).replaceAll("\\s+", " ").strip());
        }
        return new SqlSyntaxError(SYNTAX_ERROR, message.toString(), line, column, endLine, endColumn);
    }

    /** A statement that did not parse within the time limit. */
    public static SqlSyntaxError tooComplex(long limitMillis)
    {
        return new SqlSyntaxError(STATEMENT_TOO_COMPLEX,
                String.format(Locale.ROOT, "Statement too complex: not parsed within %d ms. At line 1, column 1.", limitMillis), 1, 1, 1, 1);
    }

    private static Collection<String> expected(SqlParseException e)
    {
        try {
            return e.getExpectedTokenNames();
        }
        catch (RuntimeException ignored) {
            return List.of();
        }
    }
}
