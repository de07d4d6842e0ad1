package dev.sparkjobs.flight;

import java.util.Map;

/**
 * The narrow service a Flight SQL front door serves. It knows nothing of Spark, Calcite or the
 * engine pool: the gateway implements it by routing statements through the parser and the pool,
 * and a remote engine implements it directly over its own Spark session.
 */
public interface SqlService
{
    /**
     * Opens a session for an authenticated user.
     *
     * @param user the user name the caller authenticated as (or the anonymous name)
     * @param properties session properties sent by the client (catalog, schema, Spark conf)
     */
    SqlSession openSession(String user, Map<String, String> properties)
            throws SqlServiceException;

    /** A short name and version for the server, shown to clients in their metadata. */
    default String serverName()
    {
        return "Spark Jobs";
    }

    default String serverVersion()
    {
        return "0.1.0";
    }
}
