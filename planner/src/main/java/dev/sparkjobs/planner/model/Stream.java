package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A stream: a continuous source or a continuous query, named and versioned like a job. */
public record Stream(String name, long version, Optional<String> comment, StreamDefinition definition)
{
    public Stream
    {
        Identifiers.name(name, "name");
        requireNonNull(comment, "comment is null");
        requireNonNull(definition, "definition is null");
    }

    public static Stream of(String name, StreamDefinition definition)
    {
        return new Stream(name, 1, Optional.empty(), definition);
    }

    public Stream withVersion(long newVersion)
    {
        return new Stream(name, newVersion, comment, definition);
    }

    public Stream withName(String newName)
    {
        return new Stream(newName, version, comment, definition);
    }

    public boolean isSource()
    {
        return definition instanceof StreamSource;
    }
}
