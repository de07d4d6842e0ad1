package dev.sparkjobs.bench;

/** How a figure compares with its goal. */
public enum Verdict
{
    MET("met"),
    MISSED("missed"),
    /** A figure with no pass mark: it is reported, not judged. */
    REPORTED("reported"),
    /** The feature the figure measures has not landed, or its measurement is still to come. */
    NOT_YET("not yet measurable"),
    /** Left out of this run ({@code --only}). */
    SKIPPED("not run"),
    /** The measurement itself failed: an error, or the two sides did not return the same data. */
    FAILED("failed");

    private final String label;

    Verdict(String label)
    {
        this.label = label;
    }

    public String label()
    {
        return label;
    }

    public static Verdict atLeast(double ratio, double goal)
    {
        return ratio >= goal ? MET : MISSED;
    }
}
