package dev.sparkjobs.pool;

import dev.sparkjobs.flight.SqlService;
import java.util.Optional;

/**
 * One Spark driver that runs statements. Providers: the embedded engine (in the gateway's JVM,
 * the default), separate processes, and later Kubernetes driver pods, each reached over Flight.
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

    default String sparkVersion()
    {
        return "";
    }

    default Optional<String> sparkUiUrl()
    {
        return Optional.empty();
    }

    /** Where the engine's own Flight SQL endpoint listens, for a remote engine. */
    default Optional<String> flightEndpoint()
    {
        return Optional.empty();
    }

    /** False once the engine's process or pod has gone: the pool then forgets it. */
    default boolean alive()
    {
        return true;
    }

    @Override
    void close();
}
