package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.classic.SparkSession;

/** An engine's SQL service: each session is a Spark session sharing the engine's catalog. */
public final class SparkSqlService
        implements SqlService
{
    private final SparkSession spark;
    private final CancelledOperations cancelled;

    public SparkSqlService(SparkSession spark)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.cancelled = CancelledOperations.register(spark.sparkContext());
    }

    @Override
    public SqlSession openSession(String user, Map<String, String> properties)
            throws SqlServiceException
    {
        SparkSqlSession session = new SparkSqlSession(UUID.randomUUID().toString(), user, spark.newSession(), cancelled);
        for (Map.Entry<String, String> property : properties.entrySet()) {
            session.setOption(property.getKey(), property.getValue());
        }
        return session;
    }

    @Override
    public String serverVersion()
    {
        return "0.1.0 (Spark " + spark.version() + ")";
    }
}
