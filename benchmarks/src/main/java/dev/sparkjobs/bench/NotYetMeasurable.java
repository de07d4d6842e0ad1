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
        // Every row of issue 8 has its benchmark now; a new row waiting for its feature goes here.
        return List.of();
    }

    @Override
    public Figure run(BenchContext context)
    {
        return Figure.unmeasured(this, Verdict.NOT_YET, why);
    }
}
