package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the metadata database is: by default an embedded H2 file under the data directory
 * ({@code data/metadata/sparkjobs.mv.db}); with {@code url} any JDBC URL, PostgreSQL in production.
 * {@code schema} puts every table in one schema (created when missing); {@code poolSize} caps the
 * connections.
 */
public record MetadataSettings(Optional<String> url, Optional<String> user, Optional<String> password, Optional<String> schema, int poolSize)
{
    // WRITE_DELAY=0: a commit is on disk when it returns, so a kill -9 loses no definition or run.
    public static final String H2_OPTIONS = ";DATABASE_TO_LOWER=TRUE;AUTO_SERVER=FALSE;WRITE_DELAY=0";

    public MetadataSettings
    {
        requireNonNull(url, "url is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(schema, "schema is null");
    }

    public static MetadataSettings defaults()
    {
        return new MetadataSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 8);
    }

    /** The embedded database's files, without H2's {@code .mv.db} suffix. */
    public static Path embeddedPath(Path dataDirectory)
    {
        return dataDirectory.resolve("metadata").resolve("sparkjobs").toAbsolutePath();
    }

    public String jdbcUrl(Path dataDirectory)
    {
        return url.orElseGet(() -> "jdbc:h2:file:" + embeddedPath(dataDirectory) + H2_OPTIONS);
    }

    public boolean isEmbedded()
    {
        return url.isEmpty();
    }

    /** The user to connect as: H2's {@code sa} for the embedded database unless one is configured. */
    public Optional<String> effectiveUser()
    {
        return user.or(() -> isEmbedded() ? Optional.of("sa") : Optional.empty());
    }

    public MetadataSettings validate()
    {
        if (poolSize < 1) {
            throw new IllegalArgumentException("metadata.pool-size must be at least 1, not " + poolSize);
        }
        url.ifPresent(value -> {
            if (!value.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
                throw new IllegalArgumentException("metadata.url must be a JDBC URL (jdbc:postgresql://host:5432/db), not '" + value + "'");
            }
        });
        return this;
    }

    public MetadataSettings withUrl(String value)
    {
        return new MetadataSettings(Optional.of(value), user, password, schema, poolSize);
    }

    public MetadataSettings withUser(String value)
    {
        return new MetadataSettings(url, Optional.of(value), password, schema, poolSize);
    }

    public MetadataSettings withPassword(String value)
    {
        return new MetadataSettings(url, user, Optional.of(value), schema, poolSize);
    }

    public MetadataSettings withSchema(String value)
    {
        return new MetadataSettings(url, user, password, Optional.of(value), poolSize);
    }

    public MetadataSettings withPoolSize(int value)
    {
        return new MetadataSettings(url, user, password, schema, value);
    }

    /** Never prints the password. */
    @Override
    public String toString()
    {
        return "MetadataSettings[url=" + url.orElse("(embedded H2)") + ", user=" + user.orElse("(default)")
                + ", password=" + (password.isPresent() ? "****" : "(none)") + ", schema=" + schema.orElse("(default)") + ", poolSize=" + poolSize + "]";
    }
}
