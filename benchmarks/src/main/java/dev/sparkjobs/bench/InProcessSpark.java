package dev.sparkjobs.bench;

import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import java.lang.reflect.Array;
import org.apache.spark.sql.classic.SparkSession;

/**
 * P4's baseline: the small query as {@code spark.sql(...).collect()} in the process that runs
 * Spark, on an engine started exactly as the gateway starts its own (the same
 * {@link EmbeddedEngine}, the same defaults, a session of its own as each gateway client gets).
 * Runs in the run's {@link InProcessBaseline} JVM.
 */
final class InProcessSpark
{
    private InProcessSpark() {}

    /** Nanoseconds per measured query, after the warm-up queries. */
    static long[] latencies(SparkSession session, int warmups, int queries)
    {
        session.sql(SmallTable.CREATE).collect();
        for (int i = 0; i < warmups; i++) {
            collect(session);
        }
        long[] nanos = new long[queries];
        for (int i = 0; i < queries; i++) {
            long started = System.nanoTime();
            int rows = collect(session);
            nanos[i] = System.nanoTime() - started;
            if (rows != SmallTable.ROWS) {
                throw new IllegalStateException("got " + rows + " rows, expected " + SmallTable.ROWS);
            }
        }
        return nanos;
    }

    private static int collect(SparkSession session)
    {
        return Array.getLength(session.sql(SmallTable.QUERY).collect());
    }
}
