package dev.sparkjobs.pool.process;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/** Runs statements through any SqlService session and renders rows as text, for comparisons. */
public final class Results
{
    private Results() {}

    public static List<String> query(SqlSession session, String sql, BufferAllocator allocator)
            throws SqlServiceException
    {
        return query(session, sql, "test-" + System.nanoTime(), allocator);
    }

    public static List<String> query(SqlSession session, String sql, String operationId, BufferAllocator allocator)
            throws SqlServiceException
    {
        List<String> rows = new ArrayList<>();
        try (PreparedSql prepared = session.prepare(sql);
                ResultStream result = prepared.executeQuery(operationId, allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(result.schema(), allocator)) {
            VectorLoader loader = new VectorLoader(root);
            for (ArrowRecordBatch next = result.next(); next != null; next = result.next()) {
                try (ArrowRecordBatch batch = next) {
                    loader.load(batch);
                }
                for (int i = 0; i < root.getRowCount(); i++) {
                    StringBuilder row = new StringBuilder();
                    for (FieldVector vector : root.getFieldVectors()) {
                        if (!row.isEmpty()) {
                            row.append('|');
                        }
                        row.append(vector.getObject(i));
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    /** Rows of a JDBC result, rendered as {@link #query} renders them. */
    public static List<String> rows(ResultSet result)
            throws SQLException
    {
        List<String> rows = new ArrayList<>();
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                row.append(i > 1 ? "|" : "").append(result.getString(i));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    /** Drains a Flight stream and counts its rows; closes it. */
    public static long count(FlightStream stream)
            throws Exception
    {
        long rows = 0;
        try (stream) {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        }
        return rows;
    }

    /**
     * The stock Flight SQL JDBC driver, pointed at a gateway-style door on {@code port}, follows
     * the endpoints to the engine (logging in there too) and gets, after {@code views}, the same
     * rows for each query as {@code reference} (the embedded engine).
     */
    public static void assertJdbcAnswers(int port, List<String> views, List<String> queries, SqlSession reference, BufferAllocator allocator)
            throws Exception
    {
        assertJdbcAnswers("jdbc:arrow-flight-sql://127.0.0.1:" + port + "?useEncryption=false&user=alice&password=any", views, queries, reference, allocator);
    }

    /** {@link #assertJdbcAnswers(int, List, List, SqlSession, BufferAllocator)} through a connection to this URL. */
    public static void assertJdbcAnswers(String url, List<String> views, List<String> queries, SqlSession reference, BufferAllocator allocator)
            throws Exception
    {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            for (String view : views) {
                statement.execute(view);
            }
            for (String query : queries) {
                List<String> rows;
                try (ResultSet result = statement.executeQuery(query)) {
                    rows = rows(result);
                }
                org.junit.jupiter.api.Assertions.assertEquals(query(reference, query, allocator), rows, query);
            }
        }
    }
}
