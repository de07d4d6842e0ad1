package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** A stream's SELECT in Spark SQL, windows compiled to {@code window()} / {@code session_window()}. */
public record CompiledQuery(String sql, Optional<WindowSpec> window, Optional<String> windowSource)
{
    public CompiledQuery
    {
        requireNonNull(sql, "sql is null");
        requireNonNull(window, "window is null");
        requireNonNull(windowSource, "windowSource is null");
    }
}
