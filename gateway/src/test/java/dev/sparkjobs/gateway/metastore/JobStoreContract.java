package dev.sparkjobs.gateway.metastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.validation.DependencyGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Job definitions: every version kept, optimistic writes, names as Spark compares them. */
abstract class JobStoreContract
        extends MetastoreContract
{
    @Test
    void createdJobsAreFoundByNameInAnyCase()
    {
        Job job = Models.fullJob("Facts", Models.everySchedule().get(0));
        Stored<Job> stored = metadata.jobs().create(job, sql(job), ADA);
        assertEquals(1, stored.version());
        assertEquals("Facts", stored.name());
        assertEquals("ACTIVE", stored.status());
        assertEquals(ADA, stored.owner());
        assertEquals(job, stored.definition());
        assertEquals(sql(job), stored.sqlText());
        assertEquals(stored, metadata.jobs().find("FACTS").orElseThrow());
        assertEquals(Optional.empty(), metadata.jobs().find("other"));
    }

    @Test
    void everyScheduleRoundTripsThroughTheDatabase()
    {
        long version = 0;
        for (Schedule schedule : Models.everySchedule()) {
            Job job = Models.fullJob("facts", schedule);
            Stored<Job> stored = metadata.jobs().createOrReplace(job, sql(job), ADA);
            assertEquals(++version, stored.version());
            assertEquals(job.withVersion(version), stored.definition());
        }
        assertEquals(Models.everySchedule().size(), metadata.jobs().history("facts").size());
    }

    @Test
    void aTakenNameIsRefused()
    {
        metadata.jobs().create(job("load"), "CREATE JOB load ...", ADA);
        MetastoreException e = assertThrows(MetastoreException.class, () -> metadata.jobs().create(job("LOAD"), "CREATE JOB LOAD ...", ADA));
        assertEquals(MetastoreError.DUPLICATE_OBJECT, e.error());
        assertEquals("42710", e.sqlState());
        assertTrue(e.getMessage().contains("job LOAD already exists"), e.getMessage());
    }

    @Test
    void everyVersionIsKept()
    {
        metadata.jobs().create(job("load", "SELECT 1"), "v1", ADA);
        metadata.jobs().update("load", 1, job("load", "SELECT 2"), "v2", ChangeKind.REPLACE, Optional.of("bob"));
        metadata.jobs().update("Load", 2, job("load", "SELECT 3"), "v3", ChangeKind.ALTER, ADA);
        Stored<Job> renamed = metadata.jobs().rename("load", 3, "ingest", "v4", ADA);
        assertEquals("ingest", renamed.name());
        assertEquals(4, renamed.version());
        assertEquals(Optional.empty(), metadata.jobs().find("load"));

        List<DefinitionVersion<Job>> history = metadata.jobs().history("ingest");
        assertEquals(List.of(1L, 2L, 3L, 4L), history.stream().map(DefinitionVersion::version).toList());
        assertEquals(List.of(ChangeKind.CREATE, ChangeKind.REPLACE, ChangeKind.ALTER, ChangeKind.RENAME), history.stream().map(DefinitionVersion::change).toList());
        assertEquals(List.of("v1", "v2", "v3", "v4"), history.stream().map(DefinitionVersion::sqlText).toList());
        assertEquals(List.of(List.of("SELECT 1"), List.of("SELECT 2"), List.of("SELECT 3"), List.of("SELECT 3")),
                history.stream().map(version -> version.definition().body()).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), history.stream().map(version -> version.definition().version()).toList());
        assertEquals(Optional.of("bob"), history.get(1).createdBy());
        assertTrue(history.get(0).createdAt().isBefore(history.get(3).createdAt()));
    }

    @Test
    void aChangeFromAnOldVersionIsRefused()
    {
        metadata.jobs().create(job("load"), "v1", ADA);
        metadata.jobs().update("load", 1, job("load", "SELECT 2"), "v2", ChangeKind.ALTER, ADA);
        MetastoreException stale = assertThrows(MetastoreException.class, () -> metadata.jobs().update("load", 1, job("load", "SELECT 3"), "v3", ChangeKind.ALTER, ADA));
        assertEquals(MetastoreError.STALE_VERSION, stale.error());
        assertEquals("40001", stale.sqlState());
        assertTrue(stale.getMessage().contains("read at version 1 and is now at version 2"), stale.getMessage());
        MetastoreException missing = assertThrows(MetastoreException.class, () -> metadata.jobs().update("nope", 1, job("nope"), "x", ChangeKind.ALTER, ADA));
        assertEquals(MetastoreError.UNDEFINED_OBJECT, missing.error());
        assertThrows(IllegalArgumentException.class, () -> metadata.jobs().update("load", 2, job("other"), "x", ChangeKind.ALTER, ADA));
        metadata.jobs().create(job("other"), "x", ADA);
        assertEquals(MetastoreError.DUPLICATE_OBJECT,
                assertThrows(MetastoreException.class, () -> metadata.jobs().rename("load", 2, "OTHER", "x", ADA)).error());
    }

    @Test
    void ofTwoWritersOfTheSameVersionOneWins()
            throws Exception
    {
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "contended" + round;
                metadata.jobs().create(job(name), "v1", ADA);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<Stored<Job>>> results = new ArrayList<>();
                for (String body : List.of("SELECT 'a'", "SELECT 'b'")) {
                    Callable<Stored<Job>> write = () -> {
                        start.await();
                        return metadata.jobs().update(name, 1, job(name, body), body, ChangeKind.REPLACE, ADA);
                    };
                    results.add(writers.submit(write));
                }
                int won = 0;
                List<String> winners = new ArrayList<>();
                for (Future<Stored<Job>> result : results) {
                    try {
                        winners.add(result.get().definition().body().get(0));
                        won++;
                    }
                    catch (ExecutionException e) {
                        MetastoreException refused = (MetastoreException) e.getCause();
                        assertEquals(MetastoreError.STALE_VERSION, refused.error(), refused.getMessage());
                    }
                }
                assertEquals(1, won, "exactly one writer wins round " + round);
                Stored<Job> current = metadata.jobs().find(name).orElseThrow();
                assertEquals(2, current.version());
                assertEquals(winners, current.definition().body());
                assertEquals(2, metadata.jobs().history(name).size());
            }
        }
        finally {
            writers.shutdownNow();
        }
    }

    @Test
    void suspendResumeAndDrop()
    {
        metadata.jobs().create(job("load"), "v1", ADA);
        assertEquals("SUSPENDED", metadata.jobs().suspend("LOAD").status());
        assertEquals(1, metadata.jobs().find("load").orElseThrow().version(), "a status is not a new version");
        assertEquals("ACTIVE", metadata.jobs().resume("load").status());
        assertEquals(MetastoreError.UNDEFINED_OBJECT, assertThrows(MetastoreException.class, () -> metadata.jobs().suspend("nope")).error());

        metadata.runs().create(NewRun.manual("load", "ada"));
        assertTrue(metadata.jobs().drop("Load"));
        assertFalse(metadata.jobs().drop("load"));
        assertEquals(Optional.empty(), metadata.jobs().find("load"));
        assertEquals(List.of(), metadata.jobs().list());
        Stored<Job> again = metadata.jobs().create(job("load", "SELECT 'new'"), "v1 again", ADA);
        assertEquals(1, again.version(), "a dropped name starts afresh");
        assertEquals(1, metadata.jobs().history("load").size());
        assertEquals(List.of(), metadata.runs().forJob("load", 10), "the old job's runs stay with the old job");
    }

    @Test
    void theStoredJobsFeedTheDependencyGraph()
    {
        metadata.jobs().create(job("extract"), "x", ADA);
        metadata.jobs().create(Job.builder("load").after(dev.sparkjobs.planner.model.Dependencies.Condition.ALL_SUCCEEDED, "extract").statement("SELECT 1").build(), "x", ADA);
        assertEquals(List.of("extract", "load"), metadata.jobs().list().stream().map(Stored::name).toList());
        assertEquals(List.of("load"), DependencyGraph.of(metadata.jobs().definitions()).downstream("extract"));
    }
}
