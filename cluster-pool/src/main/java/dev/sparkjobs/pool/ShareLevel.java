package dev.sparkjobs.pool;

/**
 * Who shares an engine (Kyuubi's levels): each connection its own, one per user, one per tenant,
 * or one for the whole server.
 */
public enum ShareLevel
{
    CONNECTION,
    USER,
    TENANT,
    SERVER;

    /** The key engines of this level are shared by, for a requester. */
    public String shareKey(Requester requester)
    {
        return switch (this) {
            case CONNECTION -> requester.connectionId();
            case USER -> requester.user();
            case TENANT -> requester.tenant();
            case SERVER -> "server";
        };
    }
}
