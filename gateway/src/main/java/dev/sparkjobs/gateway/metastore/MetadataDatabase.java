package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.time.Clock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata database, open: a HikariCP pool over H2 or PostgreSQL, migrated by Flyway to the
 * current schema when opened, and the repositories over it. Closing closes the pool (and so the
 * embedded H2 database).
 */
public final class MetadataDatabase
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(MetadataDatabase.class);
    static final String MIGRATIONS = "classpath:dev/sparkjobs/gateway/metastore/migration";

    private final HikariDataSource dataSource;
    private final String description;
    private final int schemaVersion;
    private final JobRepository jobs;
    private final StreamRepository streams;
    private final PoolRepository pools;
    private final RunRepository runs;
    private final StreamProgressRepository streamProgress;
    private final AlertRepository alerts;

    private MetadataDatabase(HikariDataSource dataSource, String description, int schemaVersion, Clock clock)
    {
        this.dataSource = dataSource;
        this.description = description;
        this.schemaVersion = schemaVersion;
        this.jobs = new JobRepository(dataSource, clock);
        this.streams = new StreamRepository(dataSource, clock);
        this.pools = new PoolRepository(dataSource, clock);
        this.runs = new RunRepository(dataSource, clock);
        this.streamProgress = new StreamProgressRepository(dataSource);
        this.alerts = new AlertRepository(dataSource);
    }

    /** Opens (creating and migrating when needed) the database the settings name. */
    public static MetadataDatabase open(MetadataSettings settings, Path dataDirectory, Clock clock)
    {
        requireNonNull(settings, "settings is null").validate();
        requireNonNull(clock, "clock is null");
        if (settings.isEmbedded()) {
            try {
                Files.createDirectories(MetadataSettings.embeddedPath(dataDirectory).getParent());
            }
            catch (IOException e) {
                throw new MetastoreException(MetastoreError.STORAGE_FAILURE, "cannot create " + MetadataSettings.embeddedPath(dataDirectory).getParent() + ": " + e.getMessage(), e);
            }
        }
        String url = settings.jdbcUrl(dataDirectory);
        String description = settings.isEmbedded() ? "embedded H2 at " + MetadataSettings.embeddedPath(dataDirectory) + ".mv.db" : redact(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("sparkjobs-metadata");
        config.setJdbcUrl(url);
        settings.effectiveUser().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        settings.schema().ifPresent(config::setSchema);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        // Fail at start, with the database's own message, when it cannot be reached.
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        }
        catch (RuntimeException e) {
            throw new MetastoreException(MetastoreError.STORAGE_FAILURE, "cannot open the metadata database (" + description + "): " + rootMessage(e), e);
        }
        try {
            int version = migrate(dataSource, settings);
            return new MetadataDatabase(dataSource, description, version, clock);
        }
        catch (RuntimeException e) {
            dataSource.close();
            throw new MetastoreException(MetastoreError.STORAGE_FAILURE, "cannot migrate the metadata database (" + description + "): " + rootMessage(e), e);
        }
    }

    private static int migrate(DataSource dataSource, MetadataSettings settings)
    {
        var configuration = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .javaMigrations(new QuartzTablesMigration())
                .failOnMissingLocations(true);
        if (settings.schema().isPresent()) {
            configuration = configuration.schemas(settings.schema().get()).defaultSchema(settings.schema().get()).createSchemas(true);
        }
        MigrateResult result = configuration.load().migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Metadata database migrated from {} to version {} ({} migrations)",
                    result.initialSchemaVersion == null ? "empty" : "version " + result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
        }
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return version == null ? 0 : Integer.parseInt(version);
    }

    private static String redact(String url)
    {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }

    private static String rootMessage(Throwable e)
    {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }

    /** Where the database is, for logs and people; no password. */
    public String description()
    {
        return description;
    }

    /** The schema version Flyway migrated to. */
    public int schemaVersion()
    {
        return schemaVersion;
    }

    /** For readers that need the tables themselves: Calcite's JDBC adapter, Quartz's job store. */
    public DataSource dataSource()
    {
        return dataSource;
    }

    public JobRepository jobs()
    {
        return jobs;
    }

    public StreamRepository streams()
    {
        return streams;
    }

    public PoolRepository pools()
    {
        return pools;
    }

    public RunRepository runs()
    {
        return runs;
    }

    public StreamProgressRepository streamProgress()
    {
        return streamProgress;
    }

    public AlertRepository alerts()
    {
        return alerts;
    }

    @Override
    public void close()
    {
        dataSource.close();
    }
}
