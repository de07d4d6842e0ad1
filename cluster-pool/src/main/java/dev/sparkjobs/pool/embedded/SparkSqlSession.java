package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.BatchSource;
import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.CatalogObjects.IngestRequest;
import dev.sparkjobs.flight.CatalogObjects.SchemaEntry;
import dev.sparkjobs.flight.CatalogObjects.TableEntry;
import dev.sparkjobs.flight.CatalogObjects.TableFilter;
import dev.sparkjobs.flight.OperationProgress;
import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTableType;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.Dataset;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.CommandExecutionMode$;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.arrow.ArrowConverters$;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils$;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** A client session on an engine: one Spark session, with its own conf, current schema and temp views. */
final class SparkSqlSession
        implements SqlSession
{
    static final String SPARK_CATALOG = "spark_catalog";
    private static final List<String> TABLE_TYPES = List.of("TABLE", "VIEW");

    private final String id;
    private final String user;
    private final SparkSession spark;
    private final CancelledOperations cancelled;
    private final Path spoolDirectory;
    private final Executor jobRunner;

    SparkSqlSession(String id, String user, SparkSession spark, CancelledOperations cancelled, Path spoolDirectory, Executor jobRunner)
    {
        this.id = requireNonNull(id, "id is null");
        this.user = requireNonNull(user, "user is null");
        this.spark = requireNonNull(spark, "spark is null");
        this.cancelled = requireNonNull(cancelled, "cancelled is null");
        this.spoolDirectory = requireNonNull(spoolDirectory, "spoolDirectory is null");
        this.jobRunner = requireNonNull(jobRunner, "jobRunner is null");
    }

    Path spoolDirectory()
    {
        return spoolDirectory;
    }

    Executor jobRunner()
    {
        return jobRunner;
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public String user()
    {
        return user;
    }

    SparkSession spark()
    {
        return spark;
    }

    @Override
    public PreparedSql prepare(String sql)
            throws SqlServiceException
    {
        SparkSession.setActiveSession(spark);
        try {
            LogicalPlan plan = spark.sessionState().sqlParser().parsePlan(sql);
            // Analyse without running: commands execute only when the statement is executed.
            QueryExecution analysis = spark.sessionState().executePlan(plan, CommandExecutionMode$.MODULE$.SKIP());
            analysis.assertAnalyzed();
            LogicalPlan analyzed = analysis.analyzed();
            StructType schema = ResultColumns.clientSchema(analyzed.schema());
            boolean command = analyzed instanceof Command;
            return new SparkPreparedSql(this, sql, command ? Optional.empty() : Optional.of(analyzed), arrowSchema(schema));
        }
        catch (Throwable t) {
            throw SparkErrors.translate(t);
        }
    }

    org.apache.arrow.vector.types.pojo.Schema arrowSchema(StructType schema)
    {
        return ColumnMetadata.annotate(schema, ArrowUtils$.MODULE$.toArrowSchema(schema, spark.sessionState().conf().sessionLocalTimeZone(), true,
                spark.sessionState().conf().arrowUseLargeVarTypes()));
    }

    Dataset<Row> dataset(String sql)
            throws ParseException
    {
        return Dataset.ofRows(spark, spark.sessionState().sqlParser().parsePlan(sql));
    }

    Dataset<Row> dataset(LogicalPlan analyzedQuery)
    {
        return Dataset.ofRows(spark, analyzedQuery);
    }

    @Override
    public void cancel(String operationId)
    {
        cancelled.cancel(operationId);
    }

    @Override
    public Optional<OperationProgress> progress(String operationId)
    {
        SparkStatusTracker tracker = spark.sparkContext().statusTracker();
        List<OperationProgress.Stage> stages = new ArrayList<>();
        for (int jobId : tracker.getJobIdsForGroup(operationId)) {
            Option<SparkJobInfo> job = tracker.getJobInfo(jobId);
            if (job.isEmpty()) {
                continue;
            }
            for (int stageId : job.get().stageIds()) {
                Option<SparkStageInfo> stage = tracker.getStageInfo(stageId);
                if (stage.isDefined()) {
                    SparkStageInfo info = stage.get();
                    stages.add(new OperationProgress.Stage("Stage-" + stageId, info.numTasks(), info.numCompletedTasks(), info.numActiveTasks(), info.numFailedTasks()));
                }
            }
        }
        return stages.isEmpty() ? Optional.empty() : Optional.of(new OperationProgress(stages));
    }

    @Override
    public void setOption(String key, String value)
            throws SqlServiceException
    {
        try {
            switch (key.toLowerCase(Locale.ROOT)) {
                case "catalog" -> spark.catalog().setCurrentCatalog(value);
                case "schema", "database" -> spark.catalog().setCurrentDatabase(value);
                default -> {
                    if (!key.startsWith("spark.")) {
                        throw new SqlServiceException(SqlServiceException.INVALID_PARAMETER, "unknown session option '" + key + "': use catalog, schema or a spark.* setting");
                    }
                    spark.conf().set(key, value);
                }
            }
        }
        catch (Throwable t) {
            throw SparkErrors.translate(t);
        }
    }

    @Override
    public Optional<String> option(String key)
    {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "catalog" -> Optional.of(spark.catalog().currentCatalog());
            case "schema", "database" -> Optional.of(spark.catalog().currentDatabase());
            default -> Optional.ofNullable(spark.conf().getOption(key).getOrElse(() -> null));
        };
    }

    // ---------------------------------------------------------------- metadata

    @Override
    public List<String> catalogs()
    {
        return List.of(SPARK_CATALOG);
    }

    @Override
    public List<SchemaEntry> schemas(Optional<String> catalog, Optional<String> schemaPattern)
            throws SqlServiceException
    {
        if (catalog.isPresent() && !catalog.get().isEmpty() && !catalog.get().equalsIgnoreCase(SPARK_CATALOG)) {
            return List.of();
        }
        try {
            List<SchemaEntry> schemas = new ArrayList<>();
            for (String database : databases(schemaPattern)) {
                schemas.add(new SchemaEntry(SPARK_CATALOG, database));
            }
            return schemas;
        }
        catch (Throwable t) {
            throw SparkErrors.translate(t);
        }
    }

    @Override
    public List<TableEntry> tables(TableFilter filter)
            throws SqlServiceException
    {
        if (filter.catalog().isPresent() && !filter.catalog().get().isEmpty() && !filter.catalog().get().equalsIgnoreCase(SPARK_CATALOG)) {
            return List.of();
        }
        try {
            SessionCatalog catalog = spark.sessionState().catalog();
            Pattern tablePattern = Pattern.compile(CatalogObjects.likeToRegex(filter.tablePattern().orElse("%")), Pattern.CASE_INSENSITIVE);
            Set<String> types = Set.copyOf(filter.tableTypes().stream().map(type -> type.toUpperCase(Locale.ROOT)).toList());
            List<TableEntry> tables = new ArrayList<>();
            for (String database : databases(filter.schemaPattern())) {
                for (TableIdentifier identifier : CollectionConverters.asJava(catalog.listTables(database, "*", false))) {
                    if (!tablePattern.matcher(identifier.table()).matches()) {
                        continue;
                    }
                    CatalogTable table = catalog.getTempViewOrPermanentTableMetadata(identifier);
                    String type = table.tableType() == CatalogTableType.VIEW() ? "VIEW" : "TABLE";
                    if (!types.isEmpty() && !types.contains(type)) {
                        continue;
                    }
                    Optional<org.apache.arrow.vector.types.pojo.Schema> columns = filter.includeColumns()
                            ? Optional.of(arrowSchema(table.schema()))
                            : Optional.empty();
                    tables.add(new TableEntry(SPARK_CATALOG, database, identifier.table(), type, columns));
                }
            }
            return tables;
        }
        catch (Throwable t) {
            throw SparkErrors.translate(t);
        }
    }

    private List<String> databases(Optional<String> schemaPattern)
    {
        Pattern pattern = Pattern.compile(CatalogObjects.likeToRegex(schemaPattern.orElse("%")), Pattern.CASE_INSENSITIVE);
        List<String> databases = new ArrayList<>();
        for (String database : CollectionConverters.asJava(spark.sessionState().catalog().listDatabases())) {
            if (pattern.matcher(database).matches()) {
                databases.add(database);
            }
        }
        return databases;
    }

    @Override
    public List<String> tableTypes()
    {
        return TABLE_TYPES;
    }

    // ---------------------------------------------------------------- bulk ingest

    @Override
    public long ingest(IngestRequest request, BatchSource batches)
            throws SqlServiceException
    {
        SparkSession.setActiveSession(spark);
        try {
            StructType schema = ArrowUtils$.MODULE$.fromArrowSchema(batches.schema());
            List<byte[]> serialized = new ArrayList<>();
            long rows = 0;
            for (ArrowRecordBatch next = batches.next(); next != null; next = batches.next()) {
                try (ArrowRecordBatch batch = next) {
                    rows += batch.getLength();
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), batch);
                    serialized.add(out.toByteArray());
                }
            }
            Dataset<Row> data = ArrowConverters$.MODULE$.toDataFrame(CollectionConverters.asScala(serialized.iterator()), schema.json(), spark);
            String table = qualifiedName(request);
            if (request.temporary()) {
                data.createOrReplaceTempView(request.table());
                return rows;
            }
            boolean exists = spark.catalog().tableExists(table);
            if (exists) {
                switch (request.ifExists()) {
                    case FAIL -> throw new SqlServiceException("42P07", "table " + table + " already exists: ask to append or replace");
                    case APPEND -> data.write().mode(SaveMode.Append).insertInto(table);
                    case REPLACE -> data.write().mode(SaveMode.Overwrite).saveAsTable(table);
                }
            }
            else {
                if (request.ifNotExists() == CatalogObjects.IfNotExists.FAIL) {
                    throw new SqlServiceException(SqlServiceException.UNDEFINED_TABLE, "table " + table + " does not exist: ask to create it");
                }
                data.write().mode(SaveMode.ErrorIfExists).saveAsTable(table);
            }
            return rows;
        }
        catch (IOException e) {
            throw new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "cannot read the ingested batches: " + e.getMessage(), e);
        }
        catch (Throwable t) {
            throw SparkErrors.translate(t);
        }
    }

    private static String qualifiedName(IngestRequest request)
    {
        StringBuilder name = new StringBuilder();
        request.schema().filter(schema -> !schema.isEmpty()).ifPresent(schema -> name.append(quote(schema)).append('.'));
        return name.append(quote(request.table())).toString();
    }

    private static String quote(String identifier)
    {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public void close()
    {
        Option<org.apache.spark.sql.SparkSession> active = org.apache.spark.sql.SparkSession.getActiveSession();
        if (active.isDefined() && active.get() == spark) {
            org.apache.spark.sql.SparkSession.clearActiveSession();
        }
    }
}
