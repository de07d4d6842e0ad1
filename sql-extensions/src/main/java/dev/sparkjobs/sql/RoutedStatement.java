package dev.sparkjobs.sql;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.SqlSyntaxError;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;

/**
 * Where a statement goes after the front door has read it.
 *
 * @param kind what the statement does
 * @param sparkSql the text Spark runs: always the user's own text, exactly as written
 * @param extended for kind {@link StatementKind#EXTENDED}: the parsed statement of the extended
 *        grammar; empty for every other kind, and when {@link #syntaxError()} is present
 * @param sparkFallbackSql the same statement translated to Spark's dialect by Calcite (typed
 *        literals such as {@code DECIMAL '0.06'}, {@code FETCH FIRST n ROWS ONLY}, interval
 *        precisions, ...), for the gateway to retry with when Spark refuses {@link #sparkSql()}
 *        as a syntax error; empty when Calcite could not read the statement
 * @param syntaxError for kind {@link StatementKind#EXTENDED}: why a statement of the extended
 *        grammar (which Spark cannot run either) was refused, with SQLSTATE and position
 */
public record RoutedStatement(
        StatementKind kind,
        String sparkSql,
        Optional<SqlNode> extended,
        Optional<String> sparkFallbackSql,
        Optional<SqlSyntaxError> syntaxError)
{
    public RoutedStatement
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(sparkSql, "sparkSql is null");
        requireNonNull(extended, "extended is null");
        requireNonNull(sparkFallbackSql, "sparkFallbackSql is null");
        requireNonNull(syntaxError, "syntaxError is null");
        if ((extended.isPresent() || syntaxError.isPresent()) && kind != StatementKind.EXTENDED) {
            throw new IllegalArgumentException("only an extended statement has a parsed node or a syntax error");
        }
        if (extended.isPresent() && syntaxError.isPresent()) {
            throw new IllegalArgumentException("a statement is parsed or refused, not both");
        }
    }

    /** A statement for Spark, as written. */
    public RoutedStatement(StatementKind kind, String sparkSql)
    {
        this(kind, sparkSql, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A statement for Spark, as written, with Calcite's translation to retry with. */
    public static RoutedStatement toSpark(StatementKind kind, String sql, Optional<String> sparkFallbackSql)
    {
        return new RoutedStatement(kind, sql, Optional.empty(), sparkFallbackSql, Optional.empty());
    }

    /** A parsed statement of the extended grammar. */
    public static RoutedStatement extended(String sql, SqlNode statement)
    {
        return new RoutedStatement(StatementKind.EXTENDED, sql, Optional.of(statement), Optional.empty(), Optional.empty());
    }

    /** A statement of the extended grammar that does not parse. */
    public static RoutedStatement refused(String sql, SqlSyntaxError error)
    {
        return new RoutedStatement(StatementKind.EXTENDED, sql, Optional.empty(), Optional.empty(), Optional.of(error));
    }
}
