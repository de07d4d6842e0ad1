package dev.sparkjobs.pool.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One embedded engine per test JVM (Spark allows one context per JVM), on a private data directory. */
public final class TestingEngine
{
    private static EmbeddedEngine engine;
    private static Path dataDirectory;

    private TestingEngine() {}

    public static synchronized EmbeddedEngine get()
    {
        if (engine == null) {
            try {
                Path data = Files.createTempDirectory("sparkjobs-test-");
                dataDirectory = data;
                engine = EmbeddedEngine.start(new EmbeddedEngineConfig(data, "local[2]", Map.of("spark.sql.shuffle.partitions", "4"), false));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return engine;
    }

    public static synchronized Path dataDirectory()
    {
        get();
        return dataDirectory;
    }
}
