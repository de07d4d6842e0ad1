package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One row of the benchmark table.
 *
 * @param id the figure's id (P1..P9 of issue 8; P10 of issue 6)
 * @param what what is measured
 * @param measured the measured value, for people ("3.2 M rows/s, 98 MB/s")
 * @param comparedWith what it is compared with, measured in the same run
 * @param ratio measured against compared, when the figure is a ratio
 * @param goal the goal, as issue 8 states it
 * @param verdict how the figure compares with its goal
 * @param notes what a reader needs to know to read the figure right
 * @param details the raw numbers, for the machine-readable file (insertion order kept)
 */
public record Figure(
        String id,
        String what,
        String measured,
        String comparedWith,
        OptionalDouble ratio,
        String goal,
        Verdict verdict,
        List<String> notes,
        Map<String, Object> details)
{
    public Figure
    {
        requireNonNull(id, "id is null");
        requireNonNull(what, "what is null");
        requireNonNull(measured, "measured is null");
        requireNonNull(comparedWith, "comparedWith is null");
        requireNonNull(ratio, "ratio is null");
        requireNonNull(goal, "goal is null");
        requireNonNull(verdict, "verdict is null");
        notes = List.copyOf(notes);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(details, "details is null")));
    }

    /** This figure with one more entry in its details (replacing one of the same key). */
    public Figure withDetail(String key, Object value)
    {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new Figure(id, what, measured, comparedWith, ratio, goal, verdict, notes, more);
    }

    /** A row that has no measurement: not yet measurable, not run, or failed. */
    public static Figure unmeasured(Benchmark benchmark, Verdict verdict, String why)
    {
        return new Figure(benchmark.id(), benchmark.what(), verdict.label(), benchmark.comparedWith(), OptionalDouble.empty(),
                benchmark.goal(), verdict, List.of(benchmark.id() + ": " + why), Map.of());
    }
}
