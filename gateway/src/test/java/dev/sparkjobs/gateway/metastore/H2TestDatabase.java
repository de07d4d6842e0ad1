package dev.sparkjobs.gateway.metastore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/** The embedded default: an H2 file under a fresh data directory, deleted afterwards. */
final class H2TestDatabase
        implements TestDatabase
{
    private final Path dataDirectory;

    H2TestDatabase()
    {
        try {
            dataDirectory = Files.createTempDirectory("metastore-h2-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dataDirectory()
    {
        return dataDirectory;
    }

    @Override
    public MetadataDatabase open(Clock clock)
    {
        return MetadataDatabase.open(MetadataSettings.defaults(), dataDirectory, clock);
    }

    @Override
    public void close()
    {
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
