package dev.sparkjobs.pool;

import dev.sparkjobs.flight.SqlServiceException;
import java.util.Optional;
import java.util.Set;

/**
 * Makes engines of one kind: {@code process} (a child JVM), {@code kubernetes} (a driver pod).
 * The pool calls {@link #launch} outside its lock, at most its bounded number at once, and
 * reconciles with {@link #running}: an engine running that the pool does not know is killed.
 */
public interface EngineProvider
        extends AutoCloseable
{
    /** The provider's name in {@code system.engines} and in {@code engine.provider}. */
    String name();

    /**
     * Starts an engine and returns it ready to serve, reporting the phases it passes.
     *
     * @throws SqlServiceException SQLSTATE 08001 when the engine fails or does not get ready within
     *         the request's launch timeout (nothing of it is left running then)
     */
    Engine launch(EngineRequest request, LaunchListener listener)
            throws SqlServiceException;

    /** The ids of the engines this provider has running now (live processes, pods). */
    Set<String> running();

    /** Stops an engine by id, whether or not an {@link Engine} object for it still exists. */
    void kill(String engineId);

    /** The cluster an engine of this provider runs on, for {@code system.engines}; empty where that means nothing (processes). */
    default Optional<String> clusterOf(String engineId)
    {
        return Optional.empty();
    }

    /** The pod of an engine, as {@code namespace/name}; empty for engines that are not pods. */
    default Optional<String> podOf(String engineId)
    {
        return Optional.empty();
    }

    /** Stops every engine it started. */
    @Override
    void close();

    /** Hears the phases of one launch. */
    @FunctionalInterface
    interface LaunchListener
    {
        LaunchListener NONE = (engineId, phase) -> {};

        void phase(String engineId, LaunchPhase phase);
    }
}
