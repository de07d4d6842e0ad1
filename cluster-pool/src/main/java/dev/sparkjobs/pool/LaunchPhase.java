package dev.sparkjobs.pool;

/**
 * Where an engine's launch has got, for clients watching it. Process engines pass through
 * STARTING_JVM, SPARK_STARTING, READY; Kubernetes engines pass through POD_PENDING,
 * IMAGE_PULLING (when the node pulls the image), DRIVER_STARTING (pod running), SPARK_STARTING,
 * EXECUTORS_REGISTERING (Spark created the executor pods) before READY.
 */
public enum LaunchPhase
{
    REQUESTED,
    STARTING_JVM,
    POD_PENDING,
    IMAGE_PULLING,
    DRIVER_STARTING,
    SPARK_STARTING,
    EXECUTORS_REGISTERING,
    READY,
    FAILED
}
