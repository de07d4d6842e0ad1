package dev.sparkjobs.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the gateways a run starts: never the gateway's defaults (a gateway
 * someone runs there is left alone), never one handed out before in this JVM, and where the
 * kernel allows, below its ephemeral range. Gateways started side by side pick their ports before
 * they bind them, and meanwhile engines and clients bind ephemeral ports (port 0): a port picked
 * from the ephemeral range could be taken by one of them first.
 */
final class FreePorts
{
    private static final Set<Integer> DEFAULTS = Set.of(32010, 8080, 10000, 10001);
    private static final int LOWEST = 20000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts()
    {
    }

    /** {@code count} distinct ports that were free a moment ago (all held open together while chosen). */
    static synchronized List<Integer> pick(int count)
            throws IOException
    {
        int ephemeralLow = ephemeralLow();
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int attempt = 0; ports.size() < count; attempt++) {
                ServerSocket socket;
                if (ephemeralLow - LOWEST >= 1000 && attempt < 10_000) {
                    int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralLow);
                    if (DEFAULTS.contains(port) || HANDED_OUT.contains(port)) {
                        continue;
                    }
                    try {
                        socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                    }
                    catch (IOException taken) {
                        continue;
                    }
                }
                else {
                    socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                }
                sockets.add(socket);
                if (!DEFAULTS.contains(socket.getLocalPort()) && HANDED_OUT.add(socket.getLocalPort())) {
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

    /** The lowest port the kernel hands out for port 0 (Linux); 0 when unknown. */
    private static int ephemeralLow()
    {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        }
        catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
