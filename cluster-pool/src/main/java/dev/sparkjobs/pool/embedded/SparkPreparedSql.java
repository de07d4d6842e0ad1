package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.CommandResult;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.Dataset;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.command.DataWritingCommandExec;
import org.apache.spark.sql.execution.datasources.v2.V2TableWriteExec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * An analysed Spark statement. The first execution of a query runs the plan analysed at prepare
 * time; every other execution parses and plans afresh (Spark marks plan nodes as analysed in
 * place, so a parsed plan cannot be analysed twice, and a command must see the catalog as it is).
 */
final class SparkPreparedSql
        implements PreparedSql
{
    private final SparkSqlSession session;
    private final String sql;
    private final boolean command;
    private final AtomicReference<LogicalPlan> analyzedQuery;
    private final Schema schema;

    /**
     * @param analyzedQuery the analysed plan of a query (empty for a command), which the first
     *        execution runs as it is; later executions analyse afresh and so see new data files
     */
    SparkPreparedSql(SparkSqlSession session, String sql, Optional<LogicalPlan> analyzedQuery, Schema schema)
    {
        this.session = requireNonNull(session, "session is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.command = analyzedQuery.isEmpty();
        this.analyzedQuery = new AtomicReference<>(analyzedQuery.orElse(null));
        this.schema = requireNonNull(schema, "schema is null");
    }

    @Override
    public Schema schema()
    {
        return schema;
    }

    @Override
    public String sql()
    {
        return sql;
    }

    @Override
    public ResultStream executeQuery(String operationId, BufferAllocator allocator)
            throws SqlServiceException
    {
        SparkSession spark = session.spark();
        SparkContext context = spark.sparkContext();
        SparkSession.setActiveSession(spark);
        context.setJobGroup(operationId, abbreviate(sql), true);
        try {
            // Commands run here, eagerly; queries only plan, and run as the stream is read.
            // The usual client prepares then executes once: that execution reuses the analysis.
            LogicalPlan analyzed = analyzedQuery.getAndSet(null);
            Dataset<Row> dataset = ResultColumns.forClients(analyzed != null ? session.dataset(analyzed) : session.dataset(sql));
            return new SparkResultStream(spark, dataset, schema, operationId, allocator, session.spoolDirectory(), session.jobRunner());
        }
        catch (Throwable t) {
            throw SparkErrors.translate(t);
        }
        finally {
            context.clearJobGroup();
        }
    }

    @Override
    public long executeUpdate(String operationId)
            throws SqlServiceException
    {
        SparkSession spark = session.spark();
        SparkContext context = spark.sparkContext();
        SparkSession.setActiveSession(spark);
        context.setJobGroup(operationId, abbreviate(sql), true);
        try {
            Dataset<Row> dataset = session.dataset(sql);
            if (!command) {
                // A query sent as an update: run it for its effects, report the rows it produced.
                return dataset.count();
            }
            return writtenRows(dataset.queryExecution().commandExecuted());
        }
        catch (Throwable t) {
            throw SparkErrors.translate(t);
        }
        finally {
            context.clearJobGroup();
        }
    }

    /** Rows a command wrote, from its physical plan's metrics; 0 for DDL, which writes none. */
    private static long writtenRows(LogicalPlan executed)
    {
        if (executed instanceof CommandResult result) {
            return writtenRows(result.commandPhysicalPlan());
        }
        return 0;
    }

    /** Walks the plan, into adaptive plans and their query stages, which are leaves to Spark's own traversals. */
    private static long writtenRows(SparkPlan node)
    {
        if (node instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec adaptive) {
            return writtenRows(adaptive.executedPlan());
        }
        if (node instanceof org.apache.spark.sql.execution.adaptive.QueryStageExec stage) {
            return writtenRows(stage.plan());
        }
        if ((node instanceof DataWritingCommandExec || node instanceof V2TableWriteExec) && node.metrics().contains("numOutputRows")) {
            return node.metrics().get("numOutputRows").get().value();
        }
        long rows = 0;
        for (SparkPlan child : CollectionConverters.asJava(node.children())) {
            rows += writtenRows(child);
        }
        return rows;
    }

    private static String abbreviate(String sql)
    {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
