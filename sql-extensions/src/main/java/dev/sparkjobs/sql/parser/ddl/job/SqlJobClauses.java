package dev.sparkjobs.sql.parser.ddl.job;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.sql.parser.ddl.SqlRetryPolicy;
import dev.sparkjobs.sql.parser.ddl.SqlSla;
import dev.sparkjobs.sql.parser.ddl.Unparsing;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The clauses of {@code CREATE JOB} (and of {@code ALTER JOB ... SET}), which may be written in
 * any order and unparse in the order GRAMMAR.md lists them. Absent clauses are null / empty.
 */
public final class SqlJobClauses
        extends SqlCall
{
    /** {@code CONCURRENCY ...}: what a new run does while one is still going (Spark Operator, Snowflake). */
    public enum Concurrency
    {
        ALLOW, FORBID, REPLACE, QUEUE
    }

    private static final SqlOperator OPERATOR = new SqlSpecialOperator("JOB CLAUSES", SqlKind.OTHER);

    private final @Nullable SqlNode comment;
    private final @Nullable SqlNode pool;
    private final @Nullable SqlNodeList options;
    private final @Nullable SqlSchedule schedule;
    private final @Nullable SqlJobDependencies after;
    private final @Nullable SqlRetryPolicy retry;
    private final @Nullable SqlNode timeout;
    private final SqlNodeList slas;
    private final @Nullable SqlLiteral concurrency;
    private final @Nullable SqlNode suspendAfterFailures;
    private final SqlNodeList expectations;
    private final SqlNodeList notifications;

    public SqlJobClauses(
            SqlParserPos pos,
            @Nullable SqlNode comment,
            @Nullable SqlNode pool,
            @Nullable SqlNodeList options,
            @Nullable SqlSchedule schedule,
            @Nullable SqlJobDependencies after,
            @Nullable SqlRetryPolicy retry,
            @Nullable SqlNode timeout,
            SqlNodeList slas,
            @Nullable SqlLiteral concurrency,
            @Nullable SqlNode suspendAfterFailures,
            SqlNodeList expectations,
            SqlNodeList notifications)
    {
        super(pos);
        this.comment = comment;
        this.pool = pool;
        this.options = options;
        this.schedule = schedule;
        this.after = after;
        this.retry = retry;
        this.timeout = timeout;
        this.slas = requireNonNull(slas, "slas is null");
        this.concurrency = concurrency;
        this.suspendAfterFailures = suspendAfterFailures;
        this.expectations = requireNonNull(expectations, "expectations is null");
        this.notifications = requireNonNull(notifications, "notifications is null");
    }

    public Optional<SqlNode> comment()
    {
        return Optional.ofNullable(comment);
    }

    public Optional<SqlNode> pool()
    {
        return Optional.ofNullable(pool);
    }

    /** The {@code WITH (...)} list: cluster profile and Spark configuration. */
    public Optional<SqlNodeList> options()
    {
        return Optional.ofNullable(options);
    }

    public Optional<SqlSchedule> schedule()
    {
        return Optional.ofNullable(schedule);
    }

    public Optional<SqlJobDependencies> after()
    {
        return Optional.ofNullable(after);
    }

    public Optional<SqlRetryPolicy> retry()
    {
        return Optional.ofNullable(retry);
    }

    public Optional<SqlNode> timeout()
    {
        return Optional.ofNullable(timeout);
    }

    /** {@link SqlSla} nodes. */
    public SqlNodeList slas()
    {
        return slas;
    }

    public Optional<Concurrency> concurrency()
    {
        return Optional.ofNullable(concurrency).map(literal -> literal.getValueAs(Concurrency.class));
    }

    public Optional<SqlNode> suspendAfterFailures()
    {
        return Optional.ofNullable(suspendAfterFailures);
    }

    /** {@link SqlExpectation} nodes. */
    public SqlNodeList expectations()
    {
        return expectations;
    }

    /** {@link SqlNotification} nodes. */
    public SqlNodeList notifications()
    {
        return notifications;
    }

    public boolean isEmpty()
    {
        return getOperandList().stream().allMatch(node -> node == null || (node instanceof SqlNodeList list && list.isEmpty()));
    }

    @Override
    public SqlOperator getOperator()
    {
        return OPERATOR;
    }

    @Override
    public List<SqlNode> getOperandList()
    {
        return ImmutableNullableList.<SqlNode>builder()
                .add(comment, pool, options, schedule, after, retry, timeout, slas, concurrency, suspendAfterFailures, expectations, notifications)
                .build();
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec)
    {
        Unparsing.clause(writer, "COMMENT", comment);
        Unparsing.clause(writer, "IN POOL", pool);
        Unparsing.with(writer, options);
        unparseIfPresent(writer, schedule);
        unparseIfPresent(writer, after);
        unparseIfPresent(writer, retry);
        Unparsing.clause(writer, "TIMEOUT", timeout);
        slas.forEach(sla -> sla.unparse(writer, 0, 0));
        concurrency().ifPresent(policy -> {
            writer.keyword("CONCURRENCY");
            writer.keyword(policy.name());
        });
        if (suspendAfterFailures != null) {
            writer.keyword("SUSPEND AFTER");
            suspendAfterFailures.unparse(writer, 0, 0);
            writer.keyword("FAILURES");
        }
        expectations.forEach(expectation -> expectation.unparse(writer, 0, 0));
        notifications.forEach(notification -> notification.unparse(writer, 0, 0));
    }

    private static void unparseIfPresent(SqlWriter writer, @Nullable SqlNode node)
    {
        if (node != null) {
            node.unparse(writer, 0, 0);
        }
    }
}
