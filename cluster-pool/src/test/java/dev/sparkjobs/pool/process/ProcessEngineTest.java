package dev.sparkjobs.pool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.pool.EngineProvider;
import dev.sparkjobs.pool.EngineRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

class ProcessEngineTest
{
    @Test
    void smoke()
            throws Exception
    {
        Path work = Files.createTempDirectory("sparkjobs-engines-");
        try (BufferAllocator allocator = new RootAllocator();
                ProcessEngineProvider provider = new ProcessEngineProvider(ProcessProviderConfig.defaults(work), allocator)) {
            long start = System.nanoTime();
            Engine engine = provider.launch(new EngineRequest("e1", "test", ClusterProfile.LOCAL.withSparkConf(Map.of("spark.sql.shuffle.partitions", "4")), Duration.ofMinutes(2)),
                    (id, phase) -> System.out.println(id + " " + phase + " " + (System.nanoTime() - start) / 1_000_000));
            try (SqlSession session = engine.sqlService().openSession("alice", Map.of())) {
                assertEquals(List.of("3"), Results.query(session, "SELECT count(*) FROM range(3)", allocator));
            }
            engine.close();
        }
    }
}
