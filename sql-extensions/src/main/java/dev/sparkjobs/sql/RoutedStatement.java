package dev.sparkjobs.sql;

import static java.util.Objects.requireNonNull;

/**
 * Where a statement goes after the front door has read it.
 *
 * @param kind what the statement does
 * @param sparkSql the text Spark runs: the user's own text unless the front door translated it
 */
public record RoutedStatement(StatementKind kind, String sparkSql)
{
    public RoutedStatement
    {
        requireNonNull(kind, "kind is null");
        requireNonNull(sparkSql, "sparkSql is null");
    }
}
