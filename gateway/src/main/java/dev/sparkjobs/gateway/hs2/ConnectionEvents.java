package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.sasl.SaslServer;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.server.ServerContext;
import org.apache.thrift.server.TServerEventHandler;
import org.apache.thrift.transport.TSaslServerTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;

/**
 * Follows the binary port's connections: who is on each (address, SASL user), which sessions it
 * opened, and closes those sessions when the connection ends, so a client that vanishes mid-fetch
 * leaves nothing open.
 */
final class ConnectionEvents
        implements TServerEventHandler
{
    private final Hs2Sessions sessions;
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();

    ConnectionEvents(Hs2Sessions sessions)
    {
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    @Override
    public void preServe() {}

    @Override
    public ServerContext createContext(TProtocol input, TProtocol output)
    {
        TTransport transport = input.getTransport();
        Optional<String> user = Optional.empty();
        if (transport instanceof TSaslServerTransport sasl) {
            SaslServer server = sasl.getSaslServer();
            if (server != null && server.isComplete()) {
                user = Optional.of(server.getAuthorizationID());
            }
        }
        TTransport base = BinaryTransports.underlying(transport);
        String address = "unknown";
        if (base instanceof TSocket socket && socket.getSocket() != null) {
            Socket client = socket.getSocket();
            address = client.getInetAddress().getHostAddress() + ":" + client.getPort();
        }
        ClientConnection connection = new ClientConnection(address, user, base::close);
        connections.add(connection);
        return connection;
    }

    @Override
    public void processContext(ServerContext context, TTransport input, TTransport output)
    {
        ClientConnection.enter((ClientConnection) context);
    }

    @Override
    public void deleteContext(ServerContext context, TProtocol input, TProtocol output)
    {
        ClientConnection.exit();
        if (context instanceof ClientConnection connection) {
            connections.remove(connection);
            sessions.closeSessions(connection.sessions());
        }
    }

    /** Drops every connection, as the port stops. */
    void disconnectAll()
    {
        for (ClientConnection connection : List.copyOf(connections)) {
            connection.disconnect();
        }
    }
}
