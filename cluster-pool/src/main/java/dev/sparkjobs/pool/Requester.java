package dev.sparkjobs.pool;

import static java.util.Objects.requireNonNull;

/** Who asks the pool for an engine: the user, their tenant, and the connection (session) asking. */
public record Requester(String user, String tenant, String connectionId)
{
    public Requester
    {
        requireNonNull(user, "user is null");
        requireNonNull(tenant, "tenant is null");
        requireNonNull(connectionId, "connectionId is null");
    }
}
