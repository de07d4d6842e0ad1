package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What an engine process tells its launcher, as a small properties file it replaces atomically
 * at each phase: {@code phase} (SPARK_STARTING, READY, FAILED), and once ready its Flight port,
 * Spark version, application id and UI address; {@code error} when it failed.
 */
public record EngineStatus(String phase, Map<String, String> values)
{
    public static final String SPARK_STARTING = "SPARK_STARTING";
    public static final String READY = "READY";
    public static final String FAILED = "FAILED";

    public EngineStatus
    {
        requireNonNull(phase, "phase is null");
        values = Map.copyOf(values);
    }

    public Optional<String> value(String key)
    {
        return Optional.ofNullable(values.get(key));
    }

    public void write(Path file)
    {
        Properties properties = new Properties();
        properties.setProperty("phase", phase);
        properties.putAll(values);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "Spark Jobs engine status");
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write the engine status " + file, e);
        }
    }

    /** The status the engine last wrote, or empty while it has written none. */
    public static Optional<EngineStatus> read(Path file)
    {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the engine status " + file, e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        String phase = values.remove("phase");
        return phase == null ? Optional.empty() : Optional.of(new EngineStatus(phase, values));
    }
}
