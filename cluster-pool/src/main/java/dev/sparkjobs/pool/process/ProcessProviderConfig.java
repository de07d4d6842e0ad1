package dev.sparkjobs.pool.process;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How process engines start.
 *
 * @param workDirectory each engine gets {@code <workDirectory>/<engine id>/}: its data (warehouse,
 *        catalog, Spark scratch), its status file and its log {@code engine.log}
 * @param host the address engines listen on and the gateway (and direct-result clients) reach
 * @param extraJvmOptions added after the project's JVM flags (heap, GC, debugging)
 * @param stopTimeout how long a stopping engine gets before it is killed
 * @param classData where the class-data sharing archive of engines is made and kept (see
 *        {@link EngineClassData}); empty turns it off
 */
public record ProcessProviderConfig(Path workDirectory, String host, List<String> extraJvmOptions, Duration stopTimeout, Optional<Path> classData)
{
    public ProcessProviderConfig
    {
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(host, "host is null");
        extraJvmOptions = List.copyOf(extraJvmOptions);
        requireNonNull(stopTimeout, "stopTimeout is null");
        requireNonNull(classData, "classData is null");
    }

    /** With the class-data archive under {@code <workDirectory>/class-data}. */
    public ProcessProviderConfig(Path workDirectory, String host, List<String> extraJvmOptions, Duration stopTimeout)
    {
        this(workDirectory, host, extraJvmOptions, stopTimeout, Optional.of(workDirectory.resolve("class-data")));
    }

    public ProcessProviderConfig withoutClassData()
    {
        return new ProcessProviderConfig(workDirectory, host, extraJvmOptions, stopTimeout, Optional.empty());
    }

    public static ProcessProviderConfig defaults(Path workDirectory)
    {
        return new ProcessProviderConfig(workDirectory, "127.0.0.1", List.of(), Duration.ofSeconds(10));
    }
}
