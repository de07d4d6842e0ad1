package dev.sparkjobs.planner.validation;

import static dev.sparkjobs.planner.validation.Errors.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparkjobs.planner.model.Dependencies.Condition;
import dev.sparkjobs.planner.model.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyGraphTest
{
    private static Job job(String name, String... after)
    {
        return Job.builder(name).after(Condition.ALL_SUCCEEDED, after).statement("SELECT 1").build();
    }

    @Test
    void aDagPassesAndOrdersItsJobs()
    {
        DependencyGraph graph = DependencyGraph.of(List.of(job("child", "a", "B"), job("a"), job("b", "root"), job("root")));
        assertEquals(List.of("a", "root", "b", "child"), graph.topologicalOrder().stream().map(Job::name).toList());
        assertEquals(List.of("child"), graph.downstream("A"));
        assertEquals(List.of(), graph.downstream("child"));
    }

    @Test
    void selfDependency()
    {
        assertFails(ModelError.DEPENDENCY_CYCLE, "AFTER A", () -> DependencyGraph.of(List.of(job("a", "A"))), "itself");
    }

    @Test
    void unknownUpstream()
    {
        ModelException e = assertFails(ModelError.UNDEFINED_JOB, "AFTER lod", () -> DependencyGraph.of(List.of(job("load"), job("report", "lod"))),
                "job report", "no job lod", "did you mean 'load'?");
        assertEquals("42704", e.sqlState());
    }

    @Test
    void cycleIsReportedWithItsPath()
    {
        ModelException e = assertFails(ModelError.DEPENDENCY_CYCLE, "AFTER b",
                () -> DependencyGraph.of(List.of(job("a", "b"), job("b", "c"), job("c", "a"), job("d", "a"))),
                "a runs after b runs after c runs after a");
        assertEquals("42P17", e.sqlState());
    }

    @Test
    void aReplacementThatClosesACycleIsBlamedForIt()
    {
        List<Job> existing = List.of(job("a"), job("b", "a"), job("c", "b"));
        DependencyGraph.withJob(existing, job("d", "c"));
        assertFails(ModelError.DEPENDENCY_CYCLE, "AFTER c", () -> DependencyGraph.withJob(existing, job("a", "c")), "job a", "a runs after c runs after b runs after a");
    }

    @Test
    void twoJobsOfOneNameAreAProgrammingError()
    {
        assertThrows(IllegalArgumentException.class, () -> DependencyGraph.of(List.of(job("a"), job("A"))));
    }
}
