package dev.sparkjobs.bench;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Builds {@code java} command lines for the child JVMs a benchmark starts. */
final class JavaCommand
{
    private JavaCommand()
    {
    }

    /** The {@code java} that runs this JVM, so that every side of a comparison runs the same one. */
    static String javaBinary()
    {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The JVM flags Spark and Arrow need on Java 17, from the one list the build writes for the
     * launcher ({@code gateway/target/jvm.options}).
     */
    static List<String> jvmOptions(Path home)
            throws IOException
    {
        Path file = home.resolve("gateway").resolve("target").resolve("jvm.options");
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: build the gateway first (mvn -B -pl gateway -am package -DskipTests)");
        }
        String text = Files.readString(file).trim();
        return text.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(text.split("\\s+")));
    }

    /**
     * A command line that runs {@code main} of this module in a JVM of its own on the gateway's
     * classpath (the gateway's jar and {@code gateway/target/lib}: Spark, sql-extensions), with the
     * gateway's JVM flags and the given heap.
     */
    static List<String> onGatewayClasspath(Path home, String heap, Class<?> main, List<String> args)
            throws IOException
    {
        return onGatewayClasspath(home, heap, main, List.of(), args);
    }

    /**
     * As {@link #onGatewayClasspath(Path, String, Class, List)}, with the jars (or class
     * directories) that hold {@code alsoFrom}'s classes after the gateway's: libraries of this
     * module the child needs and the gateway does not have (P9's JMH).
     */
    static List<String> onGatewayClasspath(Path home, String heap, Class<?> main, List<Class<?>> alsoFrom, List<String> args)
            throws IOException
    {
        Path gatewayTarget = home.resolve("gateway").resolve("target");
        Path gatewayJar;
        try (Stream<Path> jars = Files.list(gatewayTarget)) {
            gatewayJar = jars.filter(path -> path.getFileName().toString().matches("sparkjobs-gateway-.*\\.jar"))
                    .filter(path -> !path.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no gateway jar in " + gatewayTarget + ": build the gateway first"));
        }
        StringBuilder classpath = new StringBuilder()
                .append(location(main)).append(File.pathSeparator)
                .append(gatewayJar).append(File.pathSeparator)
                .append(gatewayTarget.resolve("lib")).append(File.separator).append('*');
        for (Class<?> library : alsoFrom) {
            classpath.append(File.pathSeparator).append(location(library));
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions(home));
        command.add("-Xmx" + heap);
        command.add("-cp");
        command.add(classpath.toString());
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    /** The jar or class directory {@code type} was loaded from. */
    private static Path location(Class<?> type)
            throws IOException
    {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IOException("cannot locate the classes of " + type.getName());
        }
        try {
            return Path.of(source.getLocation().toURI());
        }
        catch (URISyntaxException e) {
            throw new IOException("cannot locate the classes of " + type.getName(), e);
        }
    }

    /**
     * A command line that runs {@code mainClass} of cluster-pool's test tree in a JVM of its own on
     * that module's test classpath ({@code target/test-classes}, {@code target/classes} and the jars
     * the build lists in {@code target/test-classpath.txt}), with the gateway's JVM flags.
     */
    static List<String> onClusterPoolTestClasspath(Path home, String heap, String mainClass, List<String> args)
            throws IOException
    {
        Path target = home.resolve("cluster-pool").resolve("target");
        Path listed = target.resolve("test-classpath.txt");
        if (!Files.isRegularFile(listed) || !Files.isDirectory(target.resolve("test-classes"))) {
            throw new IOException(listed + " or " + target.resolve("test-classes") + " is missing: build cluster-pool first "
                    + "(mvn -B -pl benchmarks -am package -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions(home));
        command.add("-Xmx" + heap);
        command.add("-cp");
        command.add(target.resolve("test-classes") + File.pathSeparator + target.resolve("classes") + File.pathSeparator
                + Files.readString(listed).trim());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
