package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** {@code AFTER job_a, job_b [WHEN ...]}: the upstream jobs and when their outcome lets this job run. */
public record Dependencies(List<String> upstream, Condition condition)
{
    public static final Dependencies NONE = new Dependencies(List.of(), Condition.ALL_SUCCEEDED);

    public enum Condition
    {
        ALL_SUCCEEDED, ALL_DONE, ANY_SUCCEEDED, ANY_FAILED
    }

    public Dependencies
    {
        upstream = Identifiers.listCopy(upstream, "upstream");
        requireNonNull(condition, "condition is null");
    }

    public static Dependencies after(List<String> upstream, Condition condition)
    {
        return new Dependencies(upstream, condition);
    }

    public boolean isEmpty()
    {
        return upstream.isEmpty();
    }
}
