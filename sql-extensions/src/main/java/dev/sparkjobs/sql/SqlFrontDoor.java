package dev.sparkjobs.sql;

/**
 * The one seam every statement passes through before it reaches an engine. The Calcite parser of
 * the extended grammar plugs in here: it claims the extended statements, translates standard SQL
 * that Spark lacks, and hands every other statement to Spark exactly as the user wrote it.
 */
@FunctionalInterface
public interface SqlFrontDoor
{
    RoutedStatement route(String sql);
}
