package dev.sparkjobs.sql.parser;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.impl.ExtendedSqlParserImpl;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.CharLiteralStyle;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * The parser of the extended grammar, configured so identifiers behave as in Spark:
 * case-insensitive, case-preserving (never upper-cased), quoted with backticks; string literals
 * in single or double quotes with backslash escapes, as Spark reads them.
 *
 * <p>Every method here either returns nodes or throws {@link SqlSyntaxException} with a position;
 * the time-limited ones give up after the limit with SQLSTATE 54001.
 */
public final class ExtendedSqlParser
{
    /** How Spark SQL reads text, expressed for Calcite's parser. */
    public static final SqlParser.Config CONFIG = SqlParser.config()
            .withParserFactory(ExtendedSqlParserImpl.FACTORY)
            .withQuoting(Quoting.BACK_TICK_BACKSLASH)
            .withCharLiteralStyles(EnumSet.of(CharLiteralStyle.BQ_SINGLE, CharLiteralStyle.BQ_DOUBLE))
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(false)
            .withIdentifierMaxLength(1024)
            .withConformance(SqlConformanceEnum.BABEL);

    /** A parse that runs past this is given up (and the statement, if not ours, goes to Spark as is). */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(2);

    private static final long PARSER_STACK_BYTES = 16L << 20;
    private static final ExecutorService PARSERS = Executors.newCachedThreadPool(new ParserThreads());

    private ExtendedSqlParser()
    {
    }

    /** One statement (a trailing {@code ;} is allowed, as Spark allows it). */
    public static SqlNode parse(String sql)
            throws SqlSyntaxException
    {
        List<SqlNode> statements = parseStatements(sql);
        if (statements.size() != 1) {
            throw new SqlSyntaxException(new SqlSyntaxError(SqlSyntaxError.SYNTAX_ERROR,
                    statements.isEmpty() ? "Syntax error: no statement. At line 1, column 1." : "Syntax error: one statement expected, found " + statements.size() + ". At line 1, column 1.",
                    1, 1, 1, 1), null);
        }
        return statements.get(0);
    }

    /** Statements separated by {@code ;}. */
    public static List<SqlNode> parseStatements(String sql)
            throws SqlSyntaxException
    {
        requireNonNull(sql, "sql is null");
        if (sql.isEmpty()) {
            // Calcite's character stream cannot be set up on an empty string.
            return List.of();
        }
        try {
            return List.copyOf(SqlParser.create(sql, CONFIG).parseStmtList().getList());
        }
        catch (SqlParseException e) {
            throw new SqlSyntaxException(SqlSyntaxError.of(e), e);
        }
    }

    /** {@link #parseStatements(String)} on a parser thread, given up after {@code limit}. */
    public static List<SqlNode> parseStatements(String sql, Duration limit)
            throws SqlSyntaxException
    {
        requireNonNull(sql, "sql is null");
        Future<List<SqlNode>> parse = PARSERS.submit(() -> parseStatements(sql));
        try {
            return parse.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException e) {
            parse.cancel(true);
            throw new SqlSyntaxException(SqlSyntaxError.tooComplex(limit.toMillis()), e);
        }
        catch (InterruptedException e) {
            parse.cancel(true);
            Thread.currentThread().interrupt();
            throw new SqlSyntaxException(SqlSyntaxError.tooComplex(limit.toMillis()), e);
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof SqlSyntaxException syntax) {
                throw syntax;
            }
            // Not a parse error: a parser bug or a resource limit. Still a statement we cannot read.
            Throwable cause = e.getCause();
            throw new SqlSyntaxException(new SqlSyntaxError(SqlSyntaxError.SYNTAX_ERROR,
                    "Syntax error: the statement cannot be parsed (" + cause.getClass().getSimpleName() + "). At line 1, column 1.", 1, 1, 1, 1), cause);
        }
    }

    /** The node as Spark SQL text: backticks, Spark's string escapes, Spark's spellings. */
    public static String unparse(SqlNode node)
    {
        return node.toSqlString(config -> config.withDialect(SparkDialect.DEFAULT)).getSql();
    }

    /** Daemon threads with a deep stack, so deeply nested input fails as a parse error, not a dead thread. */
    private static final class ParserThreads
            implements ThreadFactory
    {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task)
        {
            Thread thread = new Thread(null, task, "sql-parser-" + count.incrementAndGet(), PARSER_STACK_BYTES);
            thread.setDaemon(true);
            return thread;
        }
    }
}
