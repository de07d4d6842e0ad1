package dev.sparkjobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
}
