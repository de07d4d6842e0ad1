package dev.sparkjobs.pool.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags Spark and Arrow need on Java 17, as the build wrote them from the root pom's
 * {@code sparkjobs.jvm.opens} (the same list Surefire and {@code bin/sparkjobs} use).
 */
public final class JvmOptions
{
    private static final String RESOURCE = "jvm.options";

    private JvmOptions() {}

    public static List<String> opens()
    {
        try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the build did not write " + RESOURCE + " next to " + JvmOptions.class.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (text.contains("${")) {
                throw new IllegalStateException(RESOURCE + " was not filtered by the build: " + text);
            }
            return Arrays.stream(text.split("\\s+")).filter(flag -> !flag.isEmpty()).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
