package dev.sparkjobs.pool;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * How big an engine is and what it runs: driver cores and memory, executors (ignored by local
 * engines), and Spark settings applied last. Part of a pool's key: engines of different profiles
 * are never shared.
 *
 * @param driverCores the driver's cores; a process engine runs {@code local[driverCores]}
 * @param driverMemoryBytes the driver's heap; empty for the JVM's default
 * @param executorInstances executors to request (Kubernetes); 0 for a local engine
 * @param executorCores cores per executor
 * @param executorMemoryBytes memory per executor
 */
public record ClusterProfile(
        int driverCores,
        Optional<Long> driverMemoryBytes,
        int executorInstances,
        int executorCores,
        Optional<Long> executorMemoryBytes,
        Map<String, String> sparkConf)
{
    public static final ClusterProfile LOCAL = new ClusterProfile(2, Optional.empty(), 0, 1, Optional.empty(), Map.of());

    public ClusterProfile
    {
        if (driverCores < 1) {
            throw new IllegalArgumentException("driverCores must be at least 1");
        }
        requireNonNull(driverMemoryBytes, "driverMemoryBytes is null");
        requireNonNull(executorMemoryBytes, "executorMemoryBytes is null");
        sparkConf = Map.copyOf(sparkConf);
    }

    public ClusterProfile withSparkConf(Map<String, String> conf)
    {
        return new ClusterProfile(driverCores, driverMemoryBytes, executorInstances, executorCores, executorMemoryBytes, conf);
    }

    public ClusterProfile withDriverMemory(long bytes)
    {
        return new ClusterProfile(driverCores, Optional.of(bytes), executorInstances, executorCores, executorMemoryBytes, sparkConf);
    }
}
