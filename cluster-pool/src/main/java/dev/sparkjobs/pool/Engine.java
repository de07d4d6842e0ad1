package dev.sparkjobs.pool;

import dev.sparkjobs.flight.SqlService;

/**
 * One Spark driver that runs statements. Providers: the embedded engine (in the gateway's JVM,
 * the default), and later separate processes and Kubernetes driver pods, each reached over Flight.
 */
public interface Engine
        extends AutoCloseable
{
    /** A stable id, as shown in {@code system.engines}. */
    String id();

    /** The provider that made it: {@code embedded}, {@code process}, {@code kubernetes}. */
    String provider();

    /** The engine's own SQL service; each session of it is a Spark session of this engine. */
    SqlService sqlService();

    /** The Spark application id, for links to the Spark UI and logs. */
    String sparkApplicationId();

    @Override
    void close();
}
