package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.pool.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.ShutdownHookManager$;
import scala.runtime.AbstractFunction0;
import scala.runtime.BoxedUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine that lives in the gateway's JVM: a local Spark with a persistent catalog (an embedded
 * Derby metastore and a warehouse under the data directory), warmed at start so that the first
 * user query does not pay for JVM and code-generation cold start.
 */
public final class EmbeddedEngine
        implements Engine
{
    private static final Logger log = LoggerFactory.getLogger(EmbeddedEngine.class);

    private final org.apache.spark.sql.classic.SparkSession spark;
    private final SparkSqlService service;

    private EmbeddedEngine(org.apache.spark.sql.classic.SparkSession spark, Path spoolDirectory)
    {
        this.spark = requireNonNull(spark, "spark is null");
        this.service = new SparkSqlService(spark, spoolDirectory);
    }

    public static EmbeddedEngine start(EmbeddedEngineConfig config)
    {
        Path data = config.dataDirectory().toAbsolutePath();
        Path warehouse = data.resolve("warehouse");
        Path metastore = data.resolve("metastore_db");
        Path scratch = data.resolve("tmp").resolve("spark-local");
        try {
            Files.createDirectories(warehouse);
            Files.createDirectories(scratch);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + data, e);
        }
        // Derby writes derby.log into its system home: keep it with the rest of the state.
        System.setProperty("derby.system.home", data.toString());

        SparkSession.Builder builder = SparkSession.builder()
                .appName("sparkjobs-embedded")
                .master(config.master())
                .config("spark.sql.catalogImplementation", "hive")
                .config("spark.sql.warehouse.dir", warehouse.toUri().toString())
                .config("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + metastore + ";create=true")
                .config("spark.hadoop.hive.metastore.warehouse.dir", warehouse.toUri().toString())
                .config("spark.local.dir", scratch.toString())
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", Boolean.toString(config.uiEnabled()))
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.execution.arrow.maxRecordsPerBatch", "32768")
                .config("spark.sql.adaptive.enabled", "true")
                .config("spark.sql.shuffle.partitions", "16")
                .config("spark.scheduler.mode", "FAIR");
        for (Map.Entry<String, String> entry : config.sparkConf().entrySet()) {
            builder.config(entry.getKey(), entry.getValue());
        }
        long started = System.nanoTime();
        org.apache.spark.sql.classic.SparkSession spark = (org.apache.spark.sql.classic.SparkSession) builder.getOrCreate();
        EmbeddedEngine engine = new EmbeddedEngine(spark, data.resolve("tmp").resolve("results"));
        engine.warmUp();
        log.info("Embedded Spark {} ready in {} ms (master {}, data {})", spark.version(), (System.nanoTime() - started) / 1_000_000, config.master(), data);
        return engine;
    }

    /** Runs a query and an Arrow conversion once, so JIT, codegen and the catalog are warm. */
    private void warmUp()
    {
        try (SqlSession session = service.openSession("warm-up", Map.of());
                BufferAllocator allocator = new RootAllocator();
                ResultStream result = session.prepare("SELECT id, CAST(id AS STRING) AS s, id * 0.5 AS d, current_date() AS t FROM range(0, 1000)")
                        .executeQuery("warm-up", allocator)) {
            ArrowRecordBatch batch;
            while ((batch = result.next()) != null) {
                batch.close();
            }
            session.prepare("SHOW DATABASES").executeQuery("warm-up", allocator).close();
        }
        catch (SqlServiceException e) {
            throw new IllegalStateException("the embedded engine failed its warm-up query: " + e.getMessage(), e);
        }
    }

    @Override
    public String id()
    {
        return "embedded-" + sparkApplicationId();
    }

    @Override
    public String provider()
    {
        return "embedded";
    }

    @Override
    public SqlService sqlService()
    {
        return service;
    }

    @Override
    public String sparkApplicationId()
    {
        return spark.sparkContext().applicationId();
    }

    @Override
    public String sparkVersion()
    {
        return spark.version();
    }

    @Override
    public Optional<String> sparkUiUrl()
    {
        scala.Option<String> url = spark.sparkContext().uiWebUrl();
        return url.isDefined() ? Optional.of(url.get()) : Optional.empty();
    }

    public org.apache.spark.sql.classic.SparkSession spark()
    {
        return spark;
    }

    /**
     * Runs the hook on JVM shutdown before Spark stops its own context, so that a gateway can
     * close its doors and cancel its operations while the engine still answers.
     */
    public static void beforeSparkShutdown(Runnable hook)
    {
        ShutdownHookManager$.MODULE$.addShutdownHook(ShutdownHookManager$.MODULE$.SPARK_CONTEXT_SHUTDOWN_PRIORITY() + 10, new AbstractFunction0<BoxedUnit>()
        {
            @Override
            public BoxedUnit apply()
            {
                hook.run();
                return BoxedUnit.UNIT;
            }
        });
    }

    @Override
    public void close()
    {
        service.close();
        // On SIGTERM Spark's own shutdown hook may stop the context before or while this runs:
        // cancel jobs only on a live context (stop is idempotent).
        SparkContext context = spark.sparkContext();
        if (!context.isStopped()) {
            try {
                context.cancelAllJobs();
            }
            catch (IllegalStateException e) {
                log.debug("Spark stopped while its jobs were being cancelled", e);
            }
        }
        spark.stop();
    }
}
