package dev.sparkjobs.gateway.hs2;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hive.service.rpc.thrift.TOperationType;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRowSet;
import org.apache.hive.service.rpc.thrift.TTableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SQL statement. It is prepared when the client sends it (so syntax and analysis errors come
 * back at once, with their SQLSTATE) and runs either in the caller's thread or, for
 * {@code runAsync}, on the door's bounded executor. A statement with a result runs until its
 * first Arrow batch is in, so the work happens while the client polls the status and cancel
 * can reach it; the rest streams as the client fetches. Other statements run for their effect
 * and report the rows they changed.
 */
final class ExecuteStatement
        extends Operation
{
    private static final Logger log = LoggerFactory.getLogger(ExecuteStatement.class);
    /** Statements that only read, which FETCH_FIRST may run again. */
    private static final Pattern READS_ONLY = Pattern.compile(
            "(?is)^(\\s|--[^\\n]*(\\n|$)|/\\*.*?\\*/|\\()*(select|with|values|table|from|show|desc|describe|explain)\\b.*");

    private final String sql;
    private final PreparedSql prepared;
    private final BufferAllocator allocator;
    private final boolean hasResultSet;
    private volatile long modifiedRows = -1;
    private volatile Future<?> timeout;
    // Guarded by this: the result, and who still uses the allocator.
    private ResultCursor cursor;
    private boolean executing;
    private boolean released;
    private boolean engineSideClosed;

    private ExecuteStatement(Hs2Session session, String sql, PreparedSql prepared, BufferAllocator allocator)
    {
        super(session, TOperationType.EXECUTE_STATEMENT);
        this.sql = sql;
        this.prepared = prepared;
        this.allocator = allocator;
        this.hasResultSet = !prepared.schema().getFields().isEmpty();
    }

    static ExecuteStatement prepare(Hs2Session session, String sql, BufferAllocator parent)
            throws SqlServiceException
    {
        PreparedSql prepared = session.sql().prepare(sql);
        try {
            BufferAllocator allocator = parent.newChildAllocator("hs2-statement", 0, Long.MAX_VALUE);
            ExecuteStatement statement = new ExecuteStatement(session, sql, prepared, allocator);
            statement.log().add("Compiled: " + abbreviate(sql));
            return statement;
        }
        catch (RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    @Override
    boolean hasResultSet()
    {
        return hasResultSet;
    }

    @Override
    OptionalLong modifiedRows()
    {
        long rows = modifiedRows;
        return rows >= 0 ? OptionalLong.of(rows) : OptionalLong.empty();
    }

    @Override
    TTableSchema resultSetMetadata()
            throws SqlServiceException
    {
        checkResultAvailable();
        return ThriftTypes.tableSchema(prepared.schema());
    }

    /** Runs now, or queues on the executor; a statement the executor refuses ends in ERROR. */
    void start(Executor executor, ScheduledExecutorService timer, boolean async, long timeoutSeconds)
    {
        if (timeoutSeconds > 0) {
            timeout = timer.schedule(() -> timeOut(timeoutSeconds), timeoutSeconds, TimeUnit.SECONDS);
        }
        if (!async) {
            run();
            return;
        }
        try {
            executor.execute(this::run);
        }
        catch (RejectedExecutionException e) {
            fail(new SqlServiceException(Hs2Errors.TOO_MANY, "too many statements are waiting to run: try again when some have finished"));
            release();
        }
    }

    private void run()
    {
        synchronized (this) {
            if (released || !moveTo(OperationState.RUNNING)) {
                return;
            }
            executing = true;
        }
        long started = System.nanoTime();
        log().add("Running");
        try {
            if (hasResultSet) {
                ResultCursor opened = new ResultCursor(prepared.schema(), () -> prepared.executeQuery(id(), allocator), READS_ONLY.matcher(sql).matches(), allocator);
                try {
                    opened.prefetch();
                }
                catch (SqlServiceException | RuntimeException e) {
                    opened.close();
                    throw e;
                }
                synchronized (this) {
                    if (released) {
                        opened.close();
                        return;
                    }
                    cursor = opened;
                }
            }
            else {
                modifiedRows = prepared.executeUpdate(id());
            }
            if (moveTo(OperationState.FINISHED)) {
                log().add("Finished in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms"
                        + (modifiedRows >= 0 ? ", " + modifiedRows + " row(s) changed" : ""));
            }
        }
        catch (SqlServiceException e) {
            fail(e);
        }
        catch (Throwable t) {
            fail(Hs2Errors.toServiceException(t));
            if (t instanceof VirtualMachineError error) {
                throw error;
            }
        }
        finally {
            Future<?> timer = timeout;
            if (timer != null) {
                timer.cancel(false);
            }
            synchronized (this) {
                executing = false;
            }
            if (state().isDone() && state() != OperationState.FINISHED) {
                release();
            }
        }
    }

    @Override
    protected synchronized TRowSet fetchRows(int maxRows, boolean fromStart, TProtocolVersion protocol)
            throws SqlServiceException
    {
        if (cursor == null) {
            checkResultAvailable();
            throw Hs2Errors.invalidOperation();
        }
        return cursor.fetch(maxRows, fromStart, protocol);
    }

    @Override
    protected void release()
    {
        ResultCursor result;
        boolean closeAllocator;
        synchronized (this) {
            result = cursor;
            cursor = null;
            released = true;
            closeAllocator = !executing;
        }
        try {
            if (result != null) {
                result.close();
            }
        }
        catch (RuntimeException e) {
            log.warn("Closing the result of {} failed", id(), e);
        }
        if (closeAllocator) {
            closeEngineSide();
        }
    }

    private void closeEngineSide()
    {
        synchronized (this) {
            if (engineSideClosed) {
                return;
            }
            engineSideClosed = true;
        }
        try {
            prepared.close();
        }
        catch (RuntimeException e) {
            log.warn("Closing statement {} failed", id(), e);
        }
        try {
            allocator.close();
        }
        catch (RuntimeException e) {
            log.warn("Statement {} still held Arrow memory when closed: {}", id(), e.getMessage());
        }
    }

    private static String abbreviate(String sql)
    {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 197) + "...";
    }
}
