package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** A stored job, stream or pool: its current definition, its SQL, and bookkeeping. */
public record Stored<T>(String id, String name, long version, String status, T definition, String sqlText, Optional<String> owner,
        Instant createdAt, Instant updatedAt)
{
    public Stored
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(status, "status is null");
        requireNonNull(definition, "definition is null");
        requireNonNull(sqlText, "sqlText is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}
