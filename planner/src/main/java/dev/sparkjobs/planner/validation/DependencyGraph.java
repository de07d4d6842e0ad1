package dev.sparkjobs.planner.validation;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.planner.model.Identifiers;
import dev.sparkjobs.planner.model.Job;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code AFTER} graph of a set of jobs, checked: every upstream job exists, no job depends on
 * itself directly or through others. Built for every change that can add an edge (create,
 * replace, {@code ALTER JOB ... ADD AFTER}) over all jobs with the change applied.
 */
public final class DependencyGraph
{
    private final Map<String, Job> jobs;

    private DependencyGraph(Map<String, Job> jobs)
    {
        this.jobs = jobs;
    }

    /** Checks a complete set of jobs. */
    public static DependencyGraph of(Collection<Job> jobs)
    {
        return check(index(jobs), Optional.empty());
    }

    /**
     * Checks {@code existing} with {@code candidate} added or replacing the job of the same name;
     * a problem is reported against the candidate when it is part of it.
     */
    public static DependencyGraph withJob(Collection<Job> existing, Job candidate)
    {
        requireNonNull(candidate, "candidate is null");
        Map<String, Job> all = index(existing);
        all.put(Identifiers.key(candidate.name()), candidate);
        return check(all, Optional.of(Identifiers.key(candidate.name())));
    }

    /** The jobs that name {@code name} in their AFTER clause: what {@code DROP JOB ... RESTRICT} refuses over. */
    public List<String> downstream(String name)
    {
        String key = Identifiers.key(name);
        return jobs.values().stream()
                .filter(job -> job.dependencies().upstream().stream().anyMatch(upstream -> Identifiers.key(upstream).equals(key)))
                .map(Job::name)
                .toList();
    }

    /** Every job after all of its upstream jobs. */
    public List<Job> topologicalOrder()
    {
        List<Job> order = new ArrayList<>();
        Map<String, Boolean> done = new HashMap<>();
        for (String key : jobs.keySet()) {
            visitInOrder(key, done, order);
        }
        return order;
    }

    private void visitInOrder(String key, Map<String, Boolean> done, List<Job> order)
    {
        if (done.putIfAbsent(key, true) != null) {
            return;
        }
        Job job = jobs.get(key);
        for (String upstream : job.dependencies().upstream()) {
            visitInOrder(Identifiers.key(upstream), done, order);
        }
        order.add(job);
    }

    private static Map<String, Job> index(Collection<Job> jobs)
    {
        Map<String, Job> index = new LinkedHashMap<>();
        for (Job job : jobs) {
            if (index.put(Identifiers.key(job.name()), job) != null) {
                throw new IllegalArgumentException("two jobs are named " + job.name());
            }
        }
        return index;
    }

    private static DependencyGraph check(Map<String, Job> jobs, Optional<String> focus)
    {
        List<String> order = new ArrayList<>();
        focus.ifPresent(order::add);
        jobs.keySet().stream().filter(key -> !focus.map(key::equals).orElse(false)).forEach(order::add);
        for (String key : order) {
            Job job = jobs.get(key);
            for (String upstream : job.dependencies().upstream()) {
                String upstreamKey = Identifiers.key(upstream);
                if (upstreamKey.equals(key)) {
                    throw new ModelException(ModelError.DEPENDENCY_CYCLE, "job " + job.name(), "AFTER " + upstream, "a job cannot run after itself");
                }
                if (!jobs.containsKey(upstreamKey)) {
                    throw new ModelException(ModelError.UNDEFINED_JOB, "job " + job.name(), "AFTER " + upstream,
                            "there is no job " + upstream + Suggestions.didYouMean(upstream, jobs.values().stream().map(Job::name).toList()));
                }
            }
        }
        Map<String, State> states = new HashMap<>();
        for (String key : order) {
            List<String> path = new ArrayList<>();
            findCycle(jobs, key, states, path);
        }
        return new DependencyGraph(jobs);
    }

    private enum State
    {
        VISITING, DONE
    }

    private static void findCycle(Map<String, Job> jobs, String key, Map<String, State> states, List<String> path)
    {
        State state = states.get(key);
        if (state == State.DONE) {
            return;
        }
        Job job = jobs.get(key);
        if (state == State.VISITING) {
            int start = path.indexOf(job.name());
            List<String> cycle = new ArrayList<>(path.subList(start, path.size()));
            cycle.add(job.name());
            Job first = jobs.get(Identifiers.key(cycle.get(0)));
            throw new ModelException(ModelError.DEPENDENCY_CYCLE, "job " + first.name(), "AFTER " + cycle.get(1),
                    "the jobs would wait for each other forever: " + String.join(" runs after ", cycle));
        }
        states.put(key, State.VISITING);
        path.add(job.name());
        for (String upstream : job.dependencies().upstream()) {
            findCycle(jobs, Identifiers.key(upstream), states, path);
        }
        path.remove(path.size() - 1);
        states.put(key, State.DONE);
    }
}
