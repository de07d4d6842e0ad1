package dev.sparkjobs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.arrow.flight.FlightClient;

/** What the figures were measured on and with, for the machine-readable file. */
final class Machine
{
    private Machine()
    {
    }

    static Map<String, Object> describe()
    {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        cpuModel().ifPresent(model -> machine.put("cpu", model));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            machine.put("memoryBytes", os.getTotalMemorySize());
        }
        machine.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.vendor") + ")");
        return machine;
    }

    /** One line for people: "2 cores (model), 23.4 GiB, Linux 6.1 amd64, Java 17.0.15". */
    static String summary()
    {
        Map<String, Object> machine = describe();
        StringBuilder line = new StringBuilder().append(machine.get("cores")).append(" cores");
        cpuModel().ifPresent(model -> line.append(" (").append(model).append(')'));
        if (machine.get("memoryBytes") instanceof Long bytes) {
            line.append(String.format(Locale.ROOT, ", %.1f GiB", bytes / (double) (1L << 30)));
        }
        return line.append(", ").append(machine.get("os")).append(", Java ").append(System.getProperty("java.runtime.version")).toString();
    }

    static Map<String, Object> versions()
    {
        Map<String, Object> versions = new LinkedHashMap<>();
        Properties built = new Properties();
        try (InputStream in = Machine.class.getResourceAsStream("/bench-versions.properties")) {
            if (in != null) {
                built.load(in);
            }
        }
        catch (IOException e) {
            // versions stay unknown
        }
        for (String key : new String[] {"sparkjobs", "spark", "arrow", "grpc", "netty"}) {
            versions.put(key, built.getProperty(key, "unknown"));
        }
        Optional.ofNullable(FlightClient.class.getPackage().getImplementationVersion()).ifPresent(version -> versions.put("arrowClientRuntime", version));
        versions.put("java", System.getProperty("java.runtime.version"));
        return versions;
    }

    private static Optional<String> cpuModel()
    {
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (Files.isReadable(cpuinfo)) {
                return Files.readAllLines(cpuinfo).stream()
                        .filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .findFirst();
            }
        }
        catch (IOException e) {
            // no model then
        }
        return Optional.empty();
    }
}
