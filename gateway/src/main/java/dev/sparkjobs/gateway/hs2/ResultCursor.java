package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TColumn;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TRow;
import org.apache.hive.service.rpc.thrift.TRowSet;

/**
 * The read position in a result: the current Arrow batch, loaded into one reusable root, and the
 * offset of the next unsent row in it. A fetch takes rows from as many batches as it needs to fill
 * the client's request and keeps the rest of the last batch for the next fetch, so each fetch costs
 * the rows it sends. Not thread-safe: the owning operation serialises fetches and close.
 */
final class ResultCursor
        implements AutoCloseable
{
    /** Most rows one fetch returns, whatever the client asks. */
    static final int MAX_FETCH_ROWS = 100_000;
    /** About the most bytes one fetch returns: the Hive driver refuses messages over 100 MB by default. */
    static final long MAX_FETCH_BYTES = 32L << 20;

    /** Opens the result, again when a client fetches from the start. */
    @FunctionalInterface
    interface Source
    {
        ResultStream open()
                throws SqlServiceException;
    }

    private final Source source;
    private final boolean restartable;
    private final VectorSchemaRoot root;
    private final VectorLoader loader;
    private ResultStream stream;
    private int position;
    private long rowBytes = 8;
    private long rowsSent;
    private boolean exhausted;

    ResultCursor(Schema schema, Source source, boolean restartable, BufferAllocator allocator)
            throws SqlServiceException
    {
        this.source = requireNonNull(source, "source is null");
        this.restartable = restartable;
        this.root = VectorSchemaRoot.create(schema, allocator);
        this.loader = new VectorLoader(root);
        try {
            this.stream = source.open();
        }
        catch (SqlServiceException | RuntimeException e) {
            root.close();
            throw e;
        }
    }

    Schema schema()
    {
        return root.getSchema();
    }

    /** Reads the first batch, so that the work behind it runs now rather than in the first fetch. */
    void prefetch()
            throws SqlServiceException
    {
        if (position >= root.getRowCount() && !exhausted) {
            loadNext();
        }
    }

    TRowSet fetch(int maxRows, boolean fromStart, TProtocolVersion protocol)
            throws SqlServiceException
    {
        if (fromStart && rowsSent > 0) {
            restart();
        }
        int wanted = Math.max(1, Math.min(maxRows, MAX_FETCH_ROWS));
        boolean columnar = protocol.getValue() >= TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V6.getValue();
        List<FieldVector> vectors = root.getFieldVectors();
        List<ColumnBuilder> columns = new ArrayList<>(vectors.size());
        List<TRow> rows = columnar ? null : new ArrayList<>();
        long budget = MAX_FETCH_BYTES;
        int taken = 0;
        while (taken < wanted) {
            if (position >= root.getRowCount()) {
                if (exhausted || !loadNext()) {
                    break;
                }
                continue;
            }
            int count = Math.min(root.getRowCount() - position, wanted - taken);
            count = (int) Math.max(1, Math.min(count, budget / rowBytes));
            if (columns.isEmpty()) {
                for (FieldVector vector : vectors) {
                    columns.add(ColumnBuilder.of(vector, Math.min(wanted, root.getRowCount())));
                }
            }
            if (columnar) {
                for (int c = 0; c < vectors.size(); c++) {
                    columns.get(c).append(vectors.get(c), position, count);
                }
            }
            else {
                for (int r = 0; r < count; r++) {
                    rows.add(new TRow(new ArrayList<>(vectors.size())));
                }
                for (int c = 0; c < vectors.size(); c++) {
                    columns.get(c).appendCells(vectors.get(c), position, count, rows, taken);
                }
            }
            position += count;
            taken += count;
            budget -= count * rowBytes;
            if (budget < rowBytes) {
                break;
            }
        }
        TRowSet rowSet = new TRowSet(rowsSent, columnar ? new ArrayList<>() : rows);
        if (columnar) {
            List<TColumn> built = new ArrayList<>(vectors.size());
            for (int c = 0; c < vectors.size(); c++) {
                built.add(columns.isEmpty() ? ColumnBuilder.of(vectors.get(c), 0).build() : columns.get(c).build());
            }
            rowSet.setColumns(built);
        }
        rowsSent += taken;
        return rowSet;
    }

    private boolean loadNext()
            throws SqlServiceException
    {
        ArrowRecordBatch batch = stream.next();
        if (batch == null) {
            exhausted = true;
            root.setRowCount(0);
            position = 0;
            closeStream();
            return false;
        }
        try (batch) {
            loader.load(batch);
        }
        position = 0;
        rowBytes = estimateRowBytes();
        return true;
    }

    /** What a row of the current batch costs on the wire, roughly: values as Thrift sends them. */
    private long estimateRowBytes()
    {
        int rows = Math.max(1, root.getRowCount());
        long bytes = 8;
        for (FieldVector vector : root.getFieldVectors()) {
            bytes += switch (ThriftTypes.typeId(vector.getField())) {
                case BOOLEAN_TYPE, TINYINT_TYPE -> 1;
                case SMALLINT_TYPE -> 2;
                case INT_TYPE -> 4;
                case BIGINT_TYPE, FLOAT_TYPE, DOUBLE_TYPE -> 8;
                case DATE_TYPE -> 14;
                case TIMESTAMP_TYPE -> 34;
                case DECIMAL_TYPE -> 44;
                case INTERVAL_YEAR_MONTH_TYPE, INTERVAL_DAY_TIME_TYPE -> 30;
                case STRING_TYPE, BINARY_TYPE -> vector instanceof BaseVariableWidthVector variable
                        ? 4 + variable.getDataBuffer().writerIndex() / rows
                        : 4 + vector.getBufferSize() / rows;
                default -> 4 + 3L * vector.getBufferSize() / rows;
            };
        }
        return bytes;
    }

    private void restart()
            throws SqlServiceException
    {
        if (!restartable) {
            throw new SqlServiceException("HY106", "this result cannot be fetched from the start again: "
                    + "only queries are run again for FETCH_FIRST; run the statement again instead");
        }
        closeStream();
        root.setRowCount(0);
        position = 0;
        rowsSent = 0;
        exhausted = false;
        stream = source.open();
    }

    private void closeStream()
    {
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }

    @Override
    public void close()
    {
        try {
            closeStream();
        }
        finally {
            root.close();
        }
    }
}
