package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** One version of a definition, as it was made. */
public record DefinitionVersion<T>(long version, ChangeKind change, T definition, String sqlText, Optional<String> createdBy, Instant createdAt)
{
    public DefinitionVersion
    {
        requireNonNull(change, "change is null");
        requireNonNull(definition, "definition is null");
        requireNonNull(sqlText, "sqlText is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
