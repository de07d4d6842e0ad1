package dev.sparkjobs.pool.stream;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.jdk.javaapi.CollectionConverters;

/** Small walks over Spark's logical plans, from Java. */
final class SparkPlans
{
    private SparkPlans() {}

    static LogicalPlan analyzed(Dataset<Row> dataset)
    {
        return ((org.apache.spark.sql.classic.Dataset<Row>) dataset).queryExecution().analyzed();
    }

    static String explain(Dataset<Row> dataset)
    {
        return ((org.apache.spark.sql.classic.Dataset<Row>) dataset).queryExecution()
                .explainString(org.apache.spark.sql.execution.ExtendedMode$.MODULE$);
    }

    static List<Aggregate> aggregates(LogicalPlan plan)
    {
        List<Aggregate> found = new ArrayList<>();
        collect(plan, found);
        return found;
    }

    private static void collect(LogicalPlan plan, List<Aggregate> found)
    {
        if (plan instanceof Aggregate aggregate) {
            found.add(aggregate);
        }
        for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
            collect(child, found);
        }
    }
}
