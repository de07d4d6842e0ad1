package dev.sparkjobs.pool.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.ResultStream;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedEngineTest
{
    private static BufferAllocator allocator;
    private static SqlSession session;

    @BeforeAll
    static void setUp()
            throws SqlServiceException
    {
        allocator = new RootAllocator();
        session = TestingEngine.get().sqlService().openSession("test", Map.of());
    }

    @AfterAll
    static void tearDown()
    {
        session.close();
        allocator.close();
    }

    @Test
    void queryStreamsEveryRowAsArrowBatches()
            throws Exception
    {
        PreparedSql prepared = session.prepare("SELECT id FROM range(0, 100000, 1, 7)");
        assertEquals(1, prepared.schema().getFields().size());
        long rows = 0;
        long sum = 0;
        int batches = 0;
        try (ResultStream stream = prepared.executeQuery("op-rows", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(stream.schema(), allocator)) {
            VectorLoader loader = new VectorLoader(root);
            for (ArrowRecordBatch next = stream.next(); next != null; next = stream.next()) {
                try (ArrowRecordBatch batch = next) {
                    loader.load(batch);
                }
                BigIntVector ids = (BigIntVector) root.getVector(0);
                for (int i = 0; i < root.getRowCount(); i++) {
                    sum += ids.get(i);
                }
                rows += root.getRowCount();
                batches++;
            }
        }
        assertEquals(100_000, rows);
        assertEquals(100_000L * 99_999 / 2, sum);
        assertTrue(batches >= 7, "one or more batches per partition, got " + batches);
    }

    @Test
    void largeResultsSpoolToDiskAndLeaveNothingBehind()
            throws Exception
    {
        Path spool = TestingEngine.dataDirectory().resolve("tmp").resolve("results");
        String sql = "SELECT id, repeat('x', 200) AS padding FROM range(0, 200000, 1, 3)";
        long rows = 0;
        boolean sawSpoolFile = false;
        try (ResultStream stream = session.prepare(sql).executeQuery("op-spool", allocator)) {
            for (ArrowRecordBatch next = stream.next(); next != null; next = stream.next()) {
                try (ArrowRecordBatch batch = next) {
                    rows += batch.getLength();
                }
                sawSpoolFile |= fileCount(spool) > 0;
            }
        }
        assertEquals(200_000, rows);
        assertTrue(sawSpoolFile, "a 40 MB result is spooled, not held in memory");
        assertEquals(0, fileCount(spool), "spool files are deleted once read");

        // A client that stops reading early leaves nothing behind either.
        try (ResultStream stream = session.prepare(sql).executeQuery("op-spool-early", allocator)) {
            stream.next().close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fileCount(spool) > 0) {
            assertTrue(System.nanoTime() < deadline, "spool files left after an abandoned stream");
            Thread.sleep(50);
        }
    }

    private static long fileCount(Path directory)
            throws java.io.IOException
    {
        try (var files = Files.list(directory)) {
            return files.count();
        }
    }

    @Test
    void variantsReachClientsAsJson()
            throws Exception
    {
        PreparedSql prepared = session.prepare("SELECT parse_json('{\"a\": [1, 2]}') AS v, 1 AS n");
        assertEquals(org.apache.arrow.vector.types.pojo.ArrowType.Utf8.INSTANCE, prepared.schema().getFields().get(0).getType());
        try (ResultStream stream = prepared.executeQuery("op-variant", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.create(stream.schema(), allocator)) {
            try (ArrowRecordBatch batch = stream.next()) {
                new VectorLoader(root).load(batch);
            }
            assertEquals("{\"a\":[1,2]}", root.getVector("v").getObject(0).toString());
        }
    }

    @Test
    void prepareDoesNotRunCommands()
            throws Exception
    {
        PreparedSql create = session.prepare("CREATE TABLE prepared_only (id INT) USING parquet");
        assertTrue(create.schema().getFields().isEmpty());
        assertFalse(TestingEngine.get().spark().catalog().tableExists("prepared_only"), "preparing must not create the table");
        create.executeUpdate("op-create");
        assertTrue(TestingEngine.get().spark().catalog().tableExists("prepared_only"));
        session.prepare("DROP TABLE prepared_only").executeUpdate("op-drop");
    }

    @Test
    void insertReportsRowsWritten()
            throws Exception
    {
        session.prepare("CREATE TABLE counted (id INT, name STRING) USING parquet").executeUpdate("op-1");
        try {
            long written = session.prepare("INSERT INTO counted VALUES (1, 'a'), (2, 'b'), (3, 'c')").executeUpdate("op-2");
            assertEquals(3, written);
            PreparedSql again = session.prepare("INSERT INTO counted SELECT id + 10, name FROM counted");
            assertEquals(3, again.executeUpdate("op-3"));
            assertEquals(6, again.executeUpdate("op-4"), "a prepared statement runs again on each execution");
        }
        finally {
            session.prepare("DROP TABLE counted").executeUpdate("op-5");
        }
    }

    @Test
    void errorsCarrySqlStateAndPosition()
    {
        SqlServiceException missing = assertThrows(SqlServiceException.class, () -> session.prepare("SELECT * FROM no_such_table"));
        assertEquals("42P01", missing.sqlState());
        assertTrue(missing.getMessage().contains("no_such_table"), missing.getMessage());
        assertFalse(missing.getMessage().contains("UnresolvedRelation"), "the message names the problem, not Spark's plan: " + missing.getMessage());

        SqlServiceException syntax = assertThrows(SqlServiceException.class, () -> session.prepare("SELECT id\nFROM range(3) WHERE id >"));
        assertEquals("42601", syntax.sqlState());
        assertTrue(syntax.getMessage().contains("line 2"), syntax.getMessage());
    }

    @Test
    void sessionsAreIsolated()
            throws Exception
    {
        try (SqlSession other = TestingEngine.get().sqlService().openSession("other", Map.of())) {
            session.prepare("CREATE OR REPLACE TEMPORARY VIEW mine AS SELECT 1 AS x").executeUpdate("op-view");
            assertEquals("42P01", assertThrows(SqlServiceException.class, () -> other.prepare("SELECT * FROM mine")).sqlState());
            other.setOption("spark.sql.shuffle.partitions", "3");
            assertEquals("3", other.option("spark.sql.shuffle.partitions").orElseThrow());
            assertEquals("4", session.option("spark.sql.shuffle.partitions").orElseThrow());
        }
    }

    @Test
    void cancelStopsTheSparkJob()
            throws Exception
    {
        PreparedSql slow = session.prepare("SELECT count(*) FROM range(0, 200000) a CROSS JOIN range(0, 200000) b WHERE a.id * b.id % 7919 = 3");
        CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
            try (ResultStream stream = slow.executeQuery("op-slow", allocator)) {
                ArrowRecordBatch batch = stream.next();
                if (batch != null) {
                    batch.close();
                }
                return null;
            }
            catch (SqlServiceException e) {
                return e;
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (TestingEngine.get().spark().sparkContext().statusTracker().getJobIdsForGroup("op-slow").length == 0) {
            assertTrue(System.nanoTime() < deadline, "the query never started");
            Thread.sleep(20);
        }
        long cancelled = System.nanoTime();
        session.cancel("op-slow");
        Object outcome = running.get(10, TimeUnit.SECONDS);
        assertTrue(outcome instanceof SqlServiceException, "expected a cancellation error, got " + outcome);
        assertEquals(SqlServiceException.QUERY_CANCELED, ((SqlServiceException) outcome).sqlState(), ((Exception) outcome).getMessage());
        assertTrue(System.nanoTime() - cancelled < TimeUnit.SECONDS.toNanos(5));
    }
}
