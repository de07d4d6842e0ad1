package dev.sparkjobs.sql.parser;

/**
 * Marks the statements of the extended grammar (jobs, streams, pools, SHOW / DESCRIBE / EXPLAIN
 * of them). Everything else the parser reads is standard SQL that Spark runs itself.
 */
public interface ExtendedStatement
{
}
