package dev.sparkjobs.gateway.statements;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A statement the gateway answers itself. Its work runs at execution, not at prepare (a prepared
 * {@code RUN JOB} starts one run per execution); the columns are known up front.
 */
public final class LocalPreparedSql
        implements PreparedSql
{
    /** The work of one execution. */
    @FunctionalInterface
    public interface Action
    {
        LocalResult run(String operationId)
                throws SqlServiceException;
    }

    private final String sql;
    private final List<LocalResult.Column> columns;
    private final Action action;

    public LocalPreparedSql(String sql, List<LocalResult.Column> columns, Action action)
    {
        this.sql = requireNonNull(sql, "sql is null");
        this.columns = List.copyOf(columns);
        this.action = requireNonNull(action, "action is null");
    }

    /** A statement that changes something and returns no rows. */
    public static LocalPreparedSql update(String sql, Action action)
    {
        return new LocalPreparedSql(sql, List.of(), action);
    }

    @Override
    public Schema schema()
    {
        return LocalResult.schema(columns);
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
        return action.run(operationId).stream(allocator);
    }

    @Override
    public long executeUpdate(String operationId)
            throws SqlServiceException
    {
        action.run(operationId);
        return 0;
    }
}
