package dev.sparkjobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest
{
    @Test
    void portsAreNeverHandedOutTwiceAndCanBeBound()
            throws Exception
    {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            List<Integer> ports = FreePorts.pick(4);
            assertEquals(4, ports.size());
            for (int port : ports) {
                assertTrue(seen.add(port), "port " + port + " handed out twice");
                assertFalse(Set.of(32010, 8080, 10000, 10001).contains(port), "a gateway default: " + port);
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertEquals(port, socket.getLocalPort());
                }
            }
        }
    }
}
