package dev.sparkjobs.gateway.jobs;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/** Small queries a run makes on its own engine session (counts, previews), under the attempt's job group. */
final class SessionQueries
{
    private SessionQueries() {}

    /** The first column of every row, as text (null stays null), at most {@code limit} rows. */
    static List<String> column(SqlSession session, String operationId, BufferAllocator allocator, String sql, int limit)
            throws SqlServiceException
    {
        List<String> values = new ArrayList<>();
        try (PreparedSql prepared = session.prepare(sql);
                ResultStream stream = prepared.executeQuery(operationId, allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(stream.schema(), allocator)) {
            VectorLoader loader = new VectorLoader(root);
            for (ArrowRecordBatch next = stream.next(); next != null; next = stream.next()) {
                try (ArrowRecordBatch batch = next) {
                    loader.load(batch);
                    for (int row = 0; row < root.getRowCount() && values.size() < limit; row++) {
                        Object value = root.getVector(0).getObject(row);
                        values.add(value == null ? null : value.toString());
                    }
                }
            }
        }
        return values;
    }

    static long count(SqlSession session, String operationId, BufferAllocator allocator, String sql)
            throws SqlServiceException
    {
        List<String> values = column(session, operationId, allocator, sql, 1);
        return values.isEmpty() || values.get(0) == null ? 0 : Long.parseLong(values.get(0));
    }

    static void update(SqlSession session, String operationId, String sql)
            throws SqlServiceException
    {
        try (PreparedSql prepared = session.prepare(sql)) {
            prepared.executeUpdate(operationId);
        }
    }
}
