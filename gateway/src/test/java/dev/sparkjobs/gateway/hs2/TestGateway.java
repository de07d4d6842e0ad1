package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.gateway.Gateway;
import dev.sparkjobs.gateway.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one gateway of the test JVM (Spark allows one SparkContext per JVM): a temporary data
 * directory, every port chosen by the system, no Spark UI, two local cores. Test classes share
 * it; it stops when the JVM exits.
 */
final class TestGateway
{
    private static Gateway gateway;

    private TestGateway() {}

    static synchronized Gateway get()
    {
        if (gateway == null) {
            gateway = start();
        }
        return gateway;
    }

    private static Gateway start()
    {
        try {
            Path data = Files.createTempDirectory("sparkjobs-hs2-test");
            GatewayConfig config = new GatewayConfig(data, "127.0.0.1", 0, 0, 0, 0, "local[2]",
                    Map.of("spark.sql.shuffle.partitions", "2"), false, Map.of(), Optional.empty(), Optional.empty(),
                    Duration.ofMinutes(30), Duration.ofHours(1));
            Gateway started = Gateway.start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                delete(data);
            }, "test-gateway-stop"));
            return started;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path directory)
    {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ignored) {
            // a temporary directory; the system cleans it up eventually
        }
    }
}
