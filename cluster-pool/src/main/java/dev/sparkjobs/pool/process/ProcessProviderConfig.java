package dev.sparkjobs.pool.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How process engines start.
 *
 * @param workDirectory each engine gets {@code <workDirectory>/<engine id>/}: its data (warehouse,
 *        catalog, Spark scratch), its status file and its log {@code engine.log}
 * @param host the address engines listen on and the gateway (and direct-result clients) reach
 * @param extraJvmOptions added after the project's JVM flags (heap, GC, debugging)
 * @param stopTimeout how long a stopping engine gets before it is killed
 */
public record ProcessProviderConfig(Path workDirectory, String host, List<String> extraJvmOptions, Duration stopTimeout)
{
    public ProcessProviderConfig
    {
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(host, "host is null");
        extraJvmOptions = List.copyOf(extraJvmOptions);
        requireNonNull(stopTimeout, "stopTimeout is null");
    }

    public static ProcessProviderConfig defaults(Path workDirectory)
    {
        return new ProcessProviderConfig(workDirectory, "127.0.0.1", List.of(), Duration.ofSeconds(10));
    }
}
