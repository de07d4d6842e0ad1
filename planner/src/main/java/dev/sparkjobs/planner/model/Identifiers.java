package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Helpers the records share: Spark's identifier rules and defensive copies that keep order. */
public final class Identifiers
{
    private Identifiers() {}

    /**
     * The comparison key of a name. Identifiers behave as in Spark: case-insensitive and
     * case-preserving, so {@code Nightly} and {@code nightly} name the same job.
     */
    public static String key(String name)
    {
        return requireNonNull(name, "name is null").toLowerCase(Locale.ROOT);
    }

    static String name(String name, String what)
    {
        return requireNonNull(name, what + " is null");
    }

    /** An unmodifiable copy that keeps the order the user wrote the entries in. */
    static Map<String, String> orderedCopy(Map<String, String> map, String what)
    {
        requireNonNull(map, what + " is null");
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(requireNonNull(key, what + " key is null"), requireNonNull(value, what + " value is null")));
        return Collections.unmodifiableMap(copy);
    }

    static <T> List<T> listCopy(List<T> list, String what)
    {
        return List.copyOf(requireNonNull(list, what + " is null"));
    }

    static <T> Optional<T> optional(Optional<T> value, String what)
    {
        return requireNonNull(value, what + " is null");
    }
}
