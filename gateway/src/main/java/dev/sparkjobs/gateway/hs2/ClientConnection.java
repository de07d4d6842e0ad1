package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.thrift.server.ServerContext;

/**
 * The client behind the call being served: its address, the user it authenticated as (if it did),
 * and the sessions it opened, which are closed when a binary connection drops. The transport sets
 * it for the serving thread around each call.
 */
final class ClientConnection
        implements ServerContext
{
    private static final ThreadLocal<ClientConnection> CURRENT = new ThreadLocal<>();

    private final String address;
    private final Optional<String> authenticatedUser;
    private final Runnable disconnect;
    private final List<UUID> sessions = new ArrayList<>();

    ClientConnection(String address, Optional<String> authenticatedUser, Runnable disconnect)
    {
        this.address = requireNonNull(address, "address is null");
        this.authenticatedUser = requireNonNull(authenticatedUser, "authenticatedUser is null");
        this.disconnect = requireNonNull(disconnect, "disconnect is null");
    }

    static Optional<ClientConnection> current()
    {
        return Optional.ofNullable(CURRENT.get());
    }

    static void enter(ClientConnection connection)
    {
        CURRENT.set(connection);
    }

    static void exit()
    {
        CURRENT.remove();
    }

    String address()
    {
        return address;
    }

    /** The user a SASL or HTTP handshake proved, absent for NOSASL connections. */
    Optional<String> authenticatedUser()
    {
        return authenticatedUser;
    }

    synchronized void opened(UUID session)
    {
        sessions.add(session);
    }

    synchronized void closed(UUID session)
    {
        sessions.remove(session);
    }

    synchronized List<UUID> sessions()
    {
        return List.copyOf(sessions);
    }

    /** Drops the connection, as at shutdown. */
    void disconnect()
    {
        disconnect.run();
    }

    @Override
    public <T> T unwrap(Class<T> type)
    {
        return type.cast(this);
    }

    @Override
    public boolean isWrapperFor(Class<?> type)
    {
        return type.isInstance(this);
    }
}
