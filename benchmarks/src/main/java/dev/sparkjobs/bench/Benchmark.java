package dev.sparkjobs.bench;

/** One figure of the table: what it measures, against what, and how it runs. */
public interface Benchmark
{
    /** P1..P9, as issue 8 numbers them; P10 and later for figures added since (issue 6: P10). */
    String id();

    String what();

    String comparedWith();

    String goal();

    /** Measures the figure. An exception makes the row {@link Verdict#FAILED}; the run goes on. */
    Figure run(BenchContext context)
            throws Exception;
}
