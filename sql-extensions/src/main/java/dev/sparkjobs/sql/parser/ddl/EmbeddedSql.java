package dev.sparkjobs.sql.parser.ddl;

import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.AS;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.BEGIN;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.CASE;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.END;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.EOF;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.KEEP;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.LBRACKET;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.LPAREN;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.RBRACKET;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.RESET;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.RPAREN;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.SEMICOLON;
import static dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImplConstants.STATE;

import dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImpl;
import dev.sparkjobs.sql.parser.impl.Token;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Finds where a statement embedded in an extended statement ends, by tokens: the first stop
 * token outside parentheses, brackets, {@code CASE ... END} and {@code BEGIN ... END}. The
 * generated parser then tries Calcite's grammar on exactly those tokens and keeps the text
 * either way (see {@link SqlEmbeddedStatement}).
 */
public final class EmbeddedSql
{
    /** What ends an embedded statement. */
    public enum Stop
    {
        /** {@code ;} or the end of the input: {@code CREATE JOB ... AS stmt}. */
        STATEMENT_END,
        /** {@code ;} or {@code END}: a step of {@code BEGIN ...; ... END}. */
        BLOCK_STATEMENT_END,
        /** {@code KEEP STATE} or {@code RESET STATE}: {@code ALTER STREAM s AS query KEEP STATE}. */
        STATE_CLAUSE,
        /** The closing parenthesis: {@code EXPECT (condition)}. */
        CLOSING_PARENTHESIS,
        /** {@code AS}: Spark's table options in {@code CREATE TABLE t USING delta ... AS query}. */
        AS_KEYWORD,
    }

    private EmbeddedSql()
    {
    }

    /**
     * The last token of the embedded statement that starts after the parser's current token.
     * Reads ahead with the parser's own lexer and leaves every token in its chain.
     */
    public static Token lastToken(ExtendedSqlParserImpl parser, Stop stop)
    {
        Token last = lastTokenBefore(parser, stop);
        if (last == null) {
            Token t = next(parser, parser.token);
            String found = t.kind == EOF ? "the end of the statement" : "\"" + t.image + "\"";
            throw ParserErrors.at(new SqlParserPos(t.beginLine, t.beginColumn, t.endLine, t.endColumn),
                    "Encountered " + found + " at line " + t.beginLine + ", column " + t.beginColumn
                            + ".\nWas expecting: " + (stop == Stop.CLOSING_PARENTHESIS ? "an expression" : "a statement"));
        }
        return last;
    }

    /** As {@link #lastToken}, but null when the stop comes at once. */
    public static @Nullable Token lastTokenBefore(ExtendedSqlParserImpl parser, Stop stop)
    {
        Token last = null;
        int depth = 0;
        Token t = next(parser, parser.token);
        while (t.kind != EOF && !(depth == 0 && isStop(parser, t, stop))) {
            switch (t.kind) {
                case LPAREN, LBRACKET, CASE, BEGIN -> depth++;
                case RPAREN, RBRACKET, END -> depth = Math.max(0, depth - 1);
                default -> { }
            }
            last = t;
            t = next(parser, t);
        }
        return last;
    }

    /** An end-of-input token to splice in before {@code boundary}, which stays chained after it. */
    public static Token endOfInput(Token boundary)
    {
        Token end = new Token();
        end.kind = EOF;
        end.image = "";
        end.beginLine = boundary.beginLine;
        end.beginColumn = boundary.beginColumn;
        end.endLine = boundary.beginLine;
        end.endColumn = boundary.beginColumn;
        end.next = boundary;
        return end;
    }

    /** The node for tokens {@code first} to {@code last}, with its text cut from the original SQL. */
    public static SqlEmbeddedStatement statement(@Nullable String sql, Token first, Token last, @Nullable SqlNode parsed)
    {
        SqlParserPos pos = new SqlParserPos(first.beginLine, first.beginColumn, last.endLine, last.endColumn);
        String text = sql != null ? SourceText.slice(sql, pos) : images(first, last);
        return new SqlEmbeddedStatement(pos, text, parsed);
    }

    private static boolean isStop(ExtendedSqlParserImpl parser, Token t, Stop stop)
    {
        return switch (stop) {
            case STATEMENT_END -> t.kind == SEMICOLON;
            case BLOCK_STATEMENT_END -> t.kind == SEMICOLON || t.kind == END;
            case STATE_CLAUSE -> t.kind == SEMICOLON || ((t.kind == KEEP || t.kind == RESET) && next(parser, t).kind == STATE);
            case CLOSING_PARENTHESIS -> t.kind == RPAREN || t.kind == SEMICOLON;
            case AS_KEYWORD -> t.kind == AS || t.kind == SEMICOLON;
        };
    }

    private static Token next(ExtendedSqlParserImpl parser, Token t)
    {
        if (t.next == null) {
            t.next = parser.token_source.getNextToken();
        }
        return t.next;
    }

    private static String images(Token first, Token last)
    {
        StringBuilder text = new StringBuilder(first.image);
        for (Token t = first; t != last && t.next != null; ) {
            t = t.next;
            text.append(' ').append(t.image);
        }
        return text.toString();
    }
}
