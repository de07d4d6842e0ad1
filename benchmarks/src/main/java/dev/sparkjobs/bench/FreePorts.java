package dev.sparkjobs.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Free loopback ports, never the gateway's defaults (a gateway someone runs there is left alone). */
final class FreePorts
{
    private static final Set<Integer> DEFAULTS = Set.of(32010, 8080, 10000, 10001);

    private FreePorts()
    {
    }

    /** {@code count} distinct ports that were free a moment ago (all held open together while chosen). */
    static List<Integer> pick(int count)
            throws IOException
    {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            while (ports.size() < count) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                if (!DEFAULTS.contains(socket.getLocalPort())) {
                    ports.add(socket.getLocalPort());
                }
            }
            return List.copyOf(ports);
        }
        finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
