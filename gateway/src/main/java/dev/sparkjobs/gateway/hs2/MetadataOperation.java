package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationType;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRowSet;
import org.apache.hive.service.rpc.thrift.TTableSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A metadata call (GetTables, GetColumns, ...): it runs in the caller's thread and answers once
 * its rows are ready, as the Hive driver expects (it fetches without polling the status). The rows
 * are small and kept, so FETCH_FIRST simply starts over. One subclass per call.
 */
abstract class MetadataOperation
        extends Operation
{
    private static final Logger log = LoggerFactory.getLogger(MetadataOperation.class);

    private final BufferAllocator parent;
    // Guarded by this.
    private BufferAllocator allocator;
    private ResultCursor cursor;

    MetadataOperation(Hs2Session session, TOperationType type, BufferAllocator parent)
    {
        super(session, type);
        this.parent = requireNonNull(parent, "parent is null");
    }

    /** The columns of the answer, named as JDBC's {@code DatabaseMetaData} names them. */
    protected abstract Schema schema();

    /** The rows of the answer, one value per column of {@link #schema()}. */
    protected abstract List<Object[]> rows()
            throws SqlServiceException;

    /** Computes the answer; on failure the operation is in ERROR and the error is rethrown for the call's status. */
    final void run()
            throws SqlServiceException
    {
        moveTo(OperationState.RUNNING);
        try {
            synchronized (this) {
                allocator = parent.newChildAllocator("hs2-metadata", 0, Long.MAX_VALUE);
            }
            List<Object[]> rows = rows();
            Schema schema = schema();
            synchronized (this) {
                if (allocator == null) {
                    return;
                }
                BufferAllocator memory = allocator;
                cursor = new ResultCursor(schema, () -> new MetadataRows(schema, rows, memory), true, memory);
            }
            moveTo(OperationState.FINISHED);
        }
        catch (SqlServiceException | RuntimeException e) {
            fail(Hs2Errors.toServiceException(e));
            release();
            throw Hs2Errors.toServiceException(e);
        }
    }

    /** The allocator of this call, for calls that read a statement's result to build their rows. */
    protected final synchronized BufferAllocator allocator()
    {
        return requireNonNull(allocator, "the operation is closed");
    }

    @Override
    final boolean hasResultSet()
    {
        return true;
    }

    @Override
    final TTableSchema resultSetMetadata()
            throws SqlServiceException
    {
        checkResultAvailable();
        return ThriftTypes.tableSchema(schema());
    }

    @Override
    protected final synchronized TRowSet fetchRows(int maxRows, boolean fromStart, TProtocolVersion protocol)
            throws SqlServiceException
    {
        if (cursor == null) {
            throw Hs2Errors.invalidOperation();
        }
        return cursor.fetch(maxRows, fromStart, protocol);
    }

    @Override
    protected final void stopWork() {}

    @Override
    protected final synchronized void release()
    {
        try {
            if (cursor != null) {
                cursor.close();
            }
            if (allocator != null) {
                allocator.close();
            }
        }
        catch (RuntimeException e) {
            log.warn("Releasing the rows of {} failed: {}", id(), e.getMessage());
        }
        finally {
            cursor = null;
            allocator = null;
        }
    }

    // ---------------------------------------------------------------- helpers for subclasses

    static Schema columns(Field... fields)
    {
        return new Schema(Arrays.asList(fields));
    }

    static Field string(String name)
    {
        return new Field(name, FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
    }

    static Field int32(String name)
    {
        return new Field(name, FieldType.nullable(new ArrowType.Int(32, true)), null);
    }

    static Field int16(String name)
    {
        return new Field(name, FieldType.nullable(new ArrowType.Int(16, true)), null);
    }

    static Field bool(String name)
    {
        return new Field(name, FieldType.nullable(ArrowType.Bool.INSTANCE), null);
    }

    /** A JDBC search pattern; none, empty or {@code *} match everything. */
    static Optional<String> pattern(String pattern)
    {
        if (pattern == null || pattern.isEmpty() || pattern.equals("*")) {
            return Optional.empty();
        }
        return Optional.of(pattern.replace('*', '%'));
    }

    /** A catalog name; none or empty mean any catalog. */
    static Optional<String> catalog(String catalog)
    {
        return catalog == null || catalog.isEmpty() ? Optional.empty() : Optional.of(catalog);
    }
}
