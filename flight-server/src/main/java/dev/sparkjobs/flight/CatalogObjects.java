package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** Plain values that describe catalog objects to clients. */
public final class CatalogObjects
{
    private CatalogObjects() {}

    public record SchemaEntry(String catalog, String schema)
    {
        public SchemaEntry
        {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
        }
    }

    /** A table; {@code columns} is present when the caller asked for schemas. */
    public record TableEntry(String catalog, String schema, String name, String type, Optional<Schema> columns)
    {
        public TableEntry
        {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
            requireNonNull(columns, "columns is null");
        }
    }

    /** Filter of a table listing; patterns use SQL LIKE syntax ({@code %}, {@code _}). */
    public record TableFilter(
            Optional<String> catalog,
            Optional<String> schemaPattern,
            Optional<String> tablePattern,
            List<String> tableTypes,
            boolean includeColumns)
    {
        public TableFilter
        {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schemaPattern, "schemaPattern is null");
            requireNonNull(tablePattern, "tablePattern is null");
            tableTypes = List.copyOf(tableTypes);
        }
    }

    public enum IfExists { FAIL, APPEND, REPLACE }

    public enum IfNotExists { FAIL, CREATE }

    public record IngestRequest(
            Optional<String> catalog,
            Optional<String> schema,
            String table,
            boolean temporary,
            IfExists ifExists,
            IfNotExists ifNotExists,
            Map<String, String> options)
    {
        public IngestRequest
        {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(table, "table is null");
            requireNonNull(ifExists, "ifExists is null");
            requireNonNull(ifNotExists, "ifNotExists is null");
            options = Map.copyOf(options);
        }
    }

    /** Translates a SQL LIKE pattern into a regular expression. */
    public static String likeToRegex(String pattern)
    {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            }
            else if (c == '%') {
                regex.append(".*");
            }
            else if (c == '_') {
                regex.append('.');
            }
            else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
