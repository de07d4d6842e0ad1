package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlSession;

/** Who runs an extended statement, and the engine session behind them (for EXPLAIN's Spark plans). */
public record SessionContext(String user, SqlSession engineSession)
{
    public SessionContext
    {
        requireNonNull(user, "user is null");
        requireNonNull(engineSession, "engineSession is null");
    }
}
