package dev.sparkjobs.bench;

import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import dev.sparkjobs.pool.embedded.EmbeddedEngineConfig;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.classic.SparkSession;

/**
 * P4's baseline: the small query as {@code spark.sql(...).collect()} in the process that runs
 * Spark, on an engine started exactly as the gateway starts its own (the same
 * {@link EmbeddedEngine}, the same defaults, a session of its own as each gateway client gets).
 * Started by {@link SmallQueryLatencyBenchmark} on the gateway's classpath:
 *
 * <pre>java ... dev.sparkjobs.bench.InProcessSpark DATA_DIR WARMUPS QUERIES</pre>
 *
 * It prints {@code LATENCIES n1,n2,...} (nanoseconds per query) and exits.
 */
public final class InProcessSpark
{
    static final String LATENCIES = "LATENCIES ";

    private InProcessSpark()
    {
    }

    public static void main(String[] args)
    {
        if (args.length != 3) {
            System.err.println("usage: InProcessSpark DATA_DIR WARMUPS QUERIES");
            System.exit(2);
        }
        int warmups = Integer.parseInt(args[1]);
        int queries = Integer.parseInt(args[2]);
        int status = 0;
        try (EmbeddedEngine engine = EmbeddedEngine.start(new EmbeddedEngineConfig(Path.of(args[0]), "local[*]", Map.of(), false))) {
            SparkSession session = engine.spark().newSession();
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
            System.out.println(LATENCIES + Arrays.stream(nanos).mapToObj(Long::toString).collect(Collectors.joining(",")));
            System.out.flush();
        }
        catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        // Spark leaves non-daemon threads behind after stop().
        System.exit(status);
    }

    private static int collect(SparkSession session)
    {
        return Array.getLength(session.sql(SmallTable.QUERY).collect());
    }
}
