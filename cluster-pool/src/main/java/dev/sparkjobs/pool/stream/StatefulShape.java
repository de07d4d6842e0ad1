package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.AggregateExpression;
import org.apache.spark.sql.catalyst.plans.logical.Aggregate;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a continuous query keeps in its state store: per aggregation, the grouping keys (each with
 * its type) and the aggregate functions (with their inputs and result types), and the window.
 * Two queries with the same shape can share a checkpoint's state ({@code KEEP STATE}); Spark's
 * own check, on the state store's key and value schemas, runs again when the query starts.
 */
record StatefulShape(Optional<WindowSpec> window, List<Operator> operators)
{
    record Operator(List<String> keys, List<String> aggregates) {}

    StatefulShape
    {
        requireNonNull(window, "window is null");
        operators = List.copyOf(operators);
    }

    static StatefulShape of(StreamPlan plan)
    {
        LogicalPlan analyzed = SparkPlans.analyzed(plan.result());
        List<Operator> operators = new ArrayList<>();
        for (Aggregate aggregate : SparkPlans.aggregates(analyzed)) {
            List<String> keys = new ArrayList<>();
            for (Expression key : CollectionConverters.asJava(aggregate.groupingExpressions())) {
                keys.add(describe(key) + " " + key.dataType().simpleString());
            }
            List<String> functions = new ArrayList<>();
            for (NamedExpression output : CollectionConverters.asJava(aggregate.aggregateExpressions())) {
                collectAggregates((Expression) output, functions);
            }
            operators.add(new Operator(keys, functions));
        }
        return new StatefulShape(plan.compiled().window(), operators);
    }

    boolean stateful()
    {
        return !operators.isEmpty();
    }

    /** Why {@code changed} cannot take over this state, or empty when it can. */
    Optional<String> incompatibility(StatefulShape changed)
    {
        if (!stateful() && !changed.stateful()) {
            return Optional.empty();
        }
        if (operators.size() != changed.operators.size()) {
            return Optional.of("the query had " + operators.size() + " aggregation(s) and now has " + changed.operators.size());
        }
        if (!window.equals(changed.window)) {
            return Optional.of("the window changes from " + describe(window) + " to " + describe(changed.window));
        }
        for (int i = 0; i < operators.size(); i++) {
            Operator before = operators.get(i);
            Operator after = changed.operators.get(i);
            if (!before.keys().equals(after.keys())) {
                return Optional.of("the grouping keys change from " + before.keys() + " to " + after.keys());
            }
            if (!before.aggregates().equals(after.aggregates())) {
                return Optional.of("the aggregate functions change from " + before.aggregates() + " to " + after.aggregates());
            }
        }
        return Optional.empty();
    }

    private static String describe(Optional<WindowSpec> window)
    {
        return window.map(spec -> spec.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + spec.size() + (spec.kind() == WindowSpec.Kind.HOPPING ? " every " + spec.slide() : "") + " on " + spec.timeColumn())
                .orElse("no window");
    }

    private static void collectAggregates(Expression expression, List<String> found)
    {
        if (expression instanceof AggregateExpression aggregate) {
            found.add(describe(aggregate.aggregateFunction()) + " " + aggregate.dataType().simpleString() + (aggregate.isDistinct() ? " distinct" : ""));
            return;
        }
        for (Expression child : CollectionConverters.asJava(expression.children())) {
            collectAggregates(child, found);
        }
    }

    /** The expression's SQL without expression ids, so two analyses of one query compare equal. */
    private static String describe(Expression expression)
    {
        return expression.sql();
    }
}
