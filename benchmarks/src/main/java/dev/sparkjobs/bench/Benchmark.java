package dev.sparkjobs.bench;

/** One figure of the table: what it measures, against what, and how it runs. */
public interface Benchmark
{
    /** P1..P9, as issue 8 numbers them; P10 and later for figures added since (issue 6: P10). */
    String id();

    String what();

    String comparedWith();

    String goal();

    /** Whether it measures the run's shared gateway ({@link BenchContext#gateway()}); the harness starts it before the first figure. */
    default boolean usesSharedGateway()
    {
        return false;
    }

    /** Whether it compares with the run's in-process Spark ({@link BenchContext#baseline()}); started with the shared gateway. */
    default boolean usesInProcessSpark()
    {
        return false;
    }

    /**
     * Starts, in the background, what the figure needs of its own and does not measure (a gateway
     * configured for it), so that its start overlaps the shared JVMs' instead of adding to the run.
     * Claimed in {@link #run} through {@link BenchContext#ownGateway}.
     */
    default void prestart(BenchContext context)
    {
    }

    /** Measures the figure. An exception makes the row {@link Verdict#FAILED}; the run goes on. */
    Figure run(BenchContext context)
            throws Exception;
}
