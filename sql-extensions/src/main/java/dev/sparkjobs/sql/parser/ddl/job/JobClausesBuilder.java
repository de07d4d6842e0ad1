package dev.sparkjobs.sql.parser.ddl.job;

import dev.sparkjobs.sql.parser.ddl.ParserErrors;
import dev.sparkjobs.sql.parser.ddl.SqlRetryPolicy;
import dev.sparkjobs.sql.parser.ddl.SqlSla;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Collects job clauses as the grammar meets them, in any order, and refuses a clause given twice
 * (at the second one's position). Only CONSTRAINT and ON ... NOTIFY may repeat, and SLA once per kind.
 */
public final class JobClausesBuilder
{
    private final List<SqlParserPos> positions = new ArrayList<>();
    private @Nullable SqlNode comment;
    private @Nullable SqlNode pool;
    private @Nullable SqlNodeList options;
    private @Nullable SqlSchedule schedule;
    private @Nullable SqlJobDependencies after;
    private @Nullable SqlRetryPolicy retry;
    private @Nullable SqlNode timeout;
    private final List<SqlNode> slas = new ArrayList<>();
    private @Nullable SqlLiteral concurrency;
    private @Nullable SqlNode suspendAfterFailures;
    private final List<SqlNode> expectations = new ArrayList<>();
    private final List<SqlNode> notifications = new ArrayList<>();

    public void comment(SqlParserPos pos, SqlNode comment)
    {
        this.comment = once(this.comment, comment, pos, "COMMENT");
    }

    public void pool(SqlParserPos pos, SqlNode pool)
    {
        this.pool = once(this.pool, pool, pos, "IN POOL");
    }

    public void properties(SqlParserPos pos, SqlNodeList options)
    {
        this.options = once(this.options, options, pos, "WITH");
    }

    public void schedule(SqlNode schedule)
    {
        this.schedule = once(this.schedule, (SqlSchedule) schedule, schedule.getParserPosition(), "SCHEDULE");
    }

    public void after(SqlNode after)
    {
        this.after = once(this.after, (SqlJobDependencies) after, after.getParserPosition(), "AFTER");
    }

    public void retry(SqlNode retry)
    {
        this.retry = once(this.retry, (SqlRetryPolicy) retry, retry.getParserPosition(), "RETRY");
    }

    public void timeout(SqlParserPos pos, SqlNode timeout)
    {
        this.timeout = once(this.timeout, timeout, pos, "TIMEOUT");
    }

    public void sla(SqlNode sla)
    {
        SqlSla.Kind kind = ((SqlSla) sla).kind();
        for (SqlNode existing : slas) {
            if (((SqlSla) existing).kind() == kind) {
                throw ParserErrors.at(sla.getParserPosition(), "Duplicate SLA " + kind.name().replace('_', ' ') + " clause");
            }
        }
        slas.add(sla);
        positions.add(sla.getParserPosition());
    }

    public void concurrency(SqlParserPos pos, SqlNode concurrency)
    {
        this.concurrency = once(this.concurrency, (SqlLiteral) concurrency, pos, "CONCURRENCY");
    }

    public void suspendAfterFailures(SqlParserPos pos, SqlNode failures)
    {
        this.suspendAfterFailures = once(this.suspendAfterFailures, failures, pos, "SUSPEND AFTER");
    }

    public void expectation(SqlNode expectation)
    {
        expectations.add(expectation);
        positions.add(expectation.getParserPosition());
    }

    public void notification(SqlNode notification)
    {
        notifications.add(notification);
        positions.add(notification.getParserPosition());
    }

    /** @param fallback the position to use when no clause was given */
    public SqlJobClauses build(SqlParserPos fallback)
    {
        SqlParserPos pos = positions.isEmpty() ? fallback : SqlParserPos.sum(positions);
        return new SqlJobClauses(pos, comment, pool, options, schedule, after, retry, timeout,
                new SqlNodeList(slas, pos), concurrency, suspendAfterFailures,
                new SqlNodeList(expectations, pos), new SqlNodeList(notifications, pos));
    }

    private <T> T once(@Nullable T existing, T value, SqlParserPos pos, String clause)
    {
        if (existing != null) {
            throw ParserErrors.at(pos, "Duplicate " + clause + " clause");
        }
        positions.add(pos);
        return value;
    }
}
