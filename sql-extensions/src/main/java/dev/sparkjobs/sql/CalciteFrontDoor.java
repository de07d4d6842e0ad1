package dev.sparkjobs.sql;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import dev.sparkjobs.sql.parser.ExtendedStatement;
import dev.sparkjobs.sql.parser.SqlSyntaxError;
import dev.sparkjobs.sql.parser.SqlSyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlNode;

/**
 * The front door with the Calcite parser of the extended grammar behind it. Every statement is
 * parsed, within a time limit:
 * <ul>
 * <li>a statement of the extended grammar becomes {@link StatementKind#EXTENDED} with its node;
 *     one that starts like an extended statement but does not parse is refused with its
 *     {@link SqlSyntaxError} (Spark could not run it either);</li>
 * <li>every other statement goes to Spark exactly as the user wrote it, whether or not Calcite
 *     could read it: Calcite never makes a valid Spark statement fail. When Calcite did read it,
 *     its translation to Spark's dialect comes along for the gateway to retry with should Spark
 *     refuse the original as a syntax error.</li>
 * </ul>
 * {@link #route(String)} never throws.
 */
public final class CalciteFrontDoor
        implements SqlFrontDoor
{
    /** First words that only the extended grammar uses (DESCRIBE/DESC are Spark's too: left out). */
    private static final Set<String> EXTENDED_OBJECTS = Set.of("JOB", "STREAM", "POOL");
    private static final Set<String> SHOWN_OBJECTS = Set.of("JOBS", "STREAMS", "POOLS", "ENGINES", "RUNS");

    private final Duration timeLimit;

    public CalciteFrontDoor()
    {
        this(ExtendedSqlParser.DEFAULT_TIME_LIMIT);
    }

    public CalciteFrontDoor(Duration timeLimit)
    {
        this.timeLimit = requireNonNull(timeLimit, "timeLimit is null");
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("timeLimit must be positive");
        }
    }

    @Override
    public RoutedStatement route(String sql)
    {
        requireNonNull(sql, "sql is null");
        List<SqlNode> statements;
        try {
            statements = ExtendedSqlParser.parseStatements(sql, timeLimit);
        }
        catch (SqlSyntaxException e) {
            if (looksExtended(sql)) {
                return RoutedStatement.refused(sql, e.error());
            }
            return new RoutedStatement(PassThroughFrontDoor.kindOf(sql), sql);
        }
        catch (RuntimeException e) {
            // Whatever went wrong in Calcite, Spark still gets the statement as written.
            return new RoutedStatement(PassThroughFrontDoor.kindOf(sql), sql);
        }
        if (statements.size() == 1 && statements.get(0) instanceof ExtendedStatement) {
            return RoutedStatement.extended(sql, statements.get(0));
        }
        for (SqlNode statement : statements) {
            if (statement instanceof ExtendedStatement) {
                SqlSyntaxError error = new SqlSyntaxError(SqlSyntaxError.SYNTAX_ERROR,
                        String.format(Locale.ROOT, "Syntax error: send one statement at a time; %d statements found. At line %d, column %d.",
                                statements.size(), statement.getParserPosition().getLineNum(), statement.getParserPosition().getColumnNum()),
                        statement.getParserPosition().getLineNum(), statement.getParserPosition().getColumnNum(),
                        statement.getParserPosition().getLineNum(), statement.getParserPosition().getColumnNum());
                return RoutedStatement.refused(sql, error);
            }
        }
        if (statements.size() == 1 && readsSystemTables(statements.get(0))) {
            return new RoutedStatement(StatementKind.SYSTEM, sql);
        }
        return RoutedStatement.toSpark(PassThroughFrontDoor.kindOf(sql), sql, unparse(statements));
    }

    /**
     * Standard SQL that Calcite reads, in Spark's dialect ({@code DECIMAL '0.06'} becomes
     * {@code 0.06}, {@code FETCH FIRST 10 ROWS ONLY} becomes {@code LIMIT 10}, ...). Empty when
     * Calcite cannot read the text, or when it holds a statement of the extended grammar.
     * Several statements come back separated by {@code ;} and a newline.
     */
    public Optional<String> translateForSpark(String sql)
    {
        requireNonNull(sql, "sql is null");
        try {
            List<SqlNode> statements = ExtendedSqlParser.parseStatements(sql, timeLimit);
            if (statements.stream().anyMatch(ExtendedStatement.class::isInstance)) {
                return Optional.empty();
            }
            return unparse(statements);
        }
        catch (SqlSyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> unparse(List<SqlNode> statements)
    {
        if (statements.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(statements.stream().map(ExtendedSqlParser::unparse).collect(Collectors.joining(";\n")));
        }
        catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A query whose tables include the gateway's {@code system.*} tables. */
    private static boolean readsSystemTables(SqlNode statement)
    {
        if (!statement.getKind().belongsTo(org.apache.calcite.sql.SqlKind.QUERY)) {
            return false;
        }
        try {
            return TableReferences.of(statement).stream().anyMatch(TableReferences::isSystemTable);
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the text starts the way only statements of the extended grammar start. */
    static boolean looksExtended(String sql)
    {
        List<String> words = leadingWords(sql, 4);
        if (words.isEmpty()) {
            return false;
        }
        String first = words.get(0);
        String second = words.size() > 1 ? words.get(1) : "";
        String third = words.size() > 2 ? words.get(2) : "";
        String fourth = words.size() > 3 ? words.get(3) : "";
        return switch (first) {
            case "CREATE" -> EXTENDED_OBJECTS.contains(second)
                    || (second.equals("OR") && third.equals("REPLACE") && EXTENDED_OBJECTS.contains(fourth));
            case "ALTER", "DROP" -> EXTENDED_OBJECTS.contains(second);
            case "RUN" -> second.equals("JOB");
            case "CANCEL" -> second.equals("RUN") || second.equals("JOB");
            case "SHOW" -> SHOWN_OBJECTS.contains(second) || (second.equals("CREATE") && (third.equals("JOB") || third.equals("STREAM")));
            case "EXPLAIN" -> second.equals("JOB") || second.equals("STREAM");
            default -> false;
        };
    }

    /** Up to {@code count} leading words, upper-cased, skipping whitespace, comments and parentheses. */
    static List<String> leadingWords(String sql, int count)
    {
        List<String> words = new ArrayList<>();
        int i = 0;
        int length = sql.length();
        while (i < length && words.size() < count) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            }
            else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? length : newline + 1;
            }
            else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            }
            else if (Character.isLetter(c)) {
                int start = i;
                while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                words.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
            }
            else {
                break;
            }
        }
        return words;
    }
}
