package dev.sparkjobs.pool.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.EngineRequest;
import dev.sparkjobs.pool.remote.EngineMain;
import dev.sparkjobs.pool.remote.EngineStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** An engine never outlives the process that started it, even while its Spark is starting. */
class EngineMainTest
{
    @Test
    void stopsWhenItsParentEnds()
            throws Exception
    {
        Path directory = Files.createTempDirectory("sparkjobs-engine-main-");
        Path statusFile = directory.resolve("engine.status");
        Process parent = new ProcessBuilder("sleep", "600").start();
        Process engine = null;
        try (RootAllocator allocator = new RootAllocator();
                ProcessEngineProvider provider = new ProcessEngineProvider(ProcessProviderConfig.defaults(directory), allocator)) {
            ProcessBuilder builder = new ProcessBuilder(provider.command(
                    new EngineRequest("orphan-1", "test", ClusterProfile.LOCAL, Duration.ofMinutes(1)), directory, statusFile, parent.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("engine.log").toFile());
            builder.environment().put(EngineMain.SECRET_ENV, "a secret of at least sixteen characters");
            engine = builder.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            // The parent watch is in place before the engine reports its first phase.
            while (EngineStatus.read(statusFile).map(EngineStatus::phase).isEmpty()) {
                assertTrue(engine.isAlive() && System.nanoTime() < deadline, "the engine did not report its first phase");
                engine.waitFor(20, TimeUnit.MILLISECONDS);
            }
            parent.destroyForcibly();
            assertTrue(engine.waitFor(30, TimeUnit.SECONDS), "the engine outlived its parent");
            assertEquals(Optional.empty(), EngineStatus.read(statusFile).map(EngineStatus::phase).filter(EngineStatus.READY::equals));
        }
        finally {
            parent.destroyForcibly();
            if (engine != null) {
                engine.destroyForcibly();
            }
        }
    }
}
