package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.UUID;
import org.apache.spark.sql.classic.SparkSession;

/** An engine's SQL service: each session is a Spark session sharing the engine's catalog. */
public final class SparkSqlService
        implements SqlService
{
    private final SparkSession spark;
    private final Path spoolDirectory;
    private final ExecutorService jobRunner = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "spark-result-job");
        thread.setDaemon(true);
        return thread;
    });
    private final CancelledOperations cancelled;

    /**
     * @param spoolDirectory where large result partitions wait for their client; emptied here
     */
    public SparkSqlService(SparkSession spark, Path spoolDirectory)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.spoolDirectory = requireNonNull(spoolDirectory, "spoolDirectory is null");
        try {
            Files.createDirectories(spoolDirectory);
            try (var files = Files.list(spoolDirectory)) {
                files.forEach(file -> file.toFile().delete());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the result spool directory " + spoolDirectory, e);
        }
        this.cancelled = CancelledOperations.register(spark.sparkContext());
    }

    @Override
    public SqlSession openSession(String user, Map<String, String> properties)
            throws SqlServiceException
    {
        SparkSqlSession session = new SparkSqlSession(UUID.randomUUID().toString(), user, spark.newSession(), cancelled, spoolDirectory, jobRunner);
        for (Map.Entry<String, String> property : properties.entrySet()) {
            // sparkjobs.* properties describe the session to a gateway (the door, the client): not Spark settings
            if (!property.getKey().startsWith("sparkjobs.")) {
                session.setOption(property.getKey(), property.getValue());
            }
        }
        return session;
    }

    /** Stops the threads that run result jobs; the Spark session itself belongs to the engine. */
    public void close()
    {
        jobRunner.shutdownNow();
    }

    @Override
    public String serverVersion()
    {
        return "0.1.0 (Spark " + spark.version() + ")";
    }
}
