package dev.sparkjobs.planner.model;

import java.util.Map;

/**
 * {@code CREATE POOL name WITH (...)}: a pool of engines and its settings (share level, engine
 * counts, idle timeout, Kubernetes context and namespace, cluster profile), in the order written.
 */
public record Pool(String name, Map<String, String> options)
{
    public Pool
    {
        Identifiers.name(name, "name");
        options = Identifiers.orderedCopy(options, "options");
    }
}
