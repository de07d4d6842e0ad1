package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What {@link DefinitionStore} needs to know about one kind of versioned object: its tables, its
 * model type, and the summary columns of its version table.
 */
record DefinitionKind<T>(
        String noun,
        String table,
        String versionTable,
        String idColumn,
        Class<T> type,
        Function<T, String> nameOf,
        BiFunction<T, Long, T> withVersion,
        Function<T, Map<String, Object>> summary,
        String initialStatus)
{
    DefinitionKind
    {
        requireNonNull(noun, "noun is null");
        requireNonNull(table, "table is null");
        requireNonNull(versionTable, "versionTable is null");
        requireNonNull(idColumn, "idColumn is null");
        requireNonNull(type, "type is null");
        requireNonNull(nameOf, "nameOf is null");
        requireNonNull(withVersion, "withVersion is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(initialStatus, "initialStatus is null");
    }
}
