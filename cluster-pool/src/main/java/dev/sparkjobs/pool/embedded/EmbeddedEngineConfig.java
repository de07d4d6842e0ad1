package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the in-process Spark starts.
 *
 * @param dataDirectory where the warehouse, the catalog (an embedded Derby metastore) and Spark's
 *        scratch space live; tables created here survive a restart
 * @param master the Spark master, {@code local[*]} by default
 * @param sparkConf further Spark settings, applied last
 * @param uiEnabled whether the Spark UI listens (off in tests)
 */
public record EmbeddedEngineConfig(Path dataDirectory, String master, Map<String, String> sparkConf, boolean uiEnabled)
{
    public EmbeddedEngineConfig
    {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(master, "master is null");
        sparkConf = Map.copyOf(sparkConf);
    }

    public static EmbeddedEngineConfig defaults(Path dataDirectory)
    {
        return new EmbeddedEngineConfig(dataDirectory, "local[*]", Map.of(), true);
    }
}
