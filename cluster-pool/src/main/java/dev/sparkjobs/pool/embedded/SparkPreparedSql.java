package dev.sparkjobs.pool.embedded;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.CommandResult;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.Dataset;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/** A parsed and analysed Spark statement; each execution plans it afresh from the parsed plan. */
final class SparkPreparedSql
        implements PreparedSql
{
    private final SparkSqlSession session;
    private final String sql;
    private final LogicalPlan plan;
    private final StructType sparkSchema;
    private final Schema schema;

    SparkPreparedSql(SparkSqlSession session, String sql, LogicalPlan plan, StructType sparkSchema, Schema schema)
    {
        this.session = requireNonNull(session, "session is null");
        this.sql = requireNonNull(sql, "sql is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.sparkSchema = requireNonNull(sparkSchema, "sparkSchema is null");
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
            Dataset<Row> dataset = session.dataset(plan);
            return new SparkResultStream(spark, dataset, schema, operationId, allocator);
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
            Dataset<Row> dataset = session.dataset(plan);
            // Decide on the analysed plan: INSERT parses to InsertIntoStatement, which is not a
            // Command until analysis turns it into one (counting its empty result reported 0 rows).
            LogicalPlan executed = dataset.queryExecution().commandExecuted();
            if (executed instanceof CommandResult result) {
                return writtenRows(result);
            }
            // A query sent as an update: run it for its effects, report the rows it produced.
            return dataset.count();
        }
        catch (Throwable t) {
            throw SparkErrors.translate(t);
        }
        finally {
            context.clearJobGroup();
        }
    }

    /** Rows a command wrote, from its physical plan's metrics; 0 for DDL, which writes none. */
    private static long writtenRows(CommandResult result)
    {
        Option<SQLMetric> metric = result.commandPhysicalPlan().metrics().get("numOutputRows");
        return metric.isDefined() ? metric.get().value() : 0;
    }

    StructType sparkSchema()
    {
        return sparkSchema;
    }

    private static String abbreviate(String sql)
    {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
