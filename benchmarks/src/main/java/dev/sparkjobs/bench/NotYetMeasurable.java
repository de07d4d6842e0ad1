package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A row of the table whose feature, or whose measurement, has not landed yet. */
record NotYetMeasurable(String id, String what, String comparedWith, String goal, String why)
        implements Benchmark
{
    NotYetMeasurable
    {
        requireNonNull(id, "id is null");
        requireNonNull(what, "what is null");
        requireNonNull(comparedWith, "comparedWith is null");
        requireNonNull(goal, "goal is null");
        requireNonNull(why, "why is null");
    }

    /** Rows of issue 8 not measured yet, each saying what it waits for. */
    static List<Benchmark> rows()
    {
        return List.of(
                new NotYetMeasurable("P5", "engine lease: warm, cold process, cold kubernetes", "-",
                        "warm <= 10 ms; cold process <= 10 s", "the engine pool has not landed (issue 6)"));
    }

    @Override
    public Figure run(BenchContext context)
    {
        return Figure.unmeasured(this, Verdict.NOT_YET, why);
    }
}
