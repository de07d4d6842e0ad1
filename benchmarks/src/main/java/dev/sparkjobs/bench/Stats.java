package dev.sparkjobs.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Small statistics over iterations. */
final class Stats
{
    private Stats()
    {
    }

    static <T> double median(List<T> values, ToDoubleFunction<T> metric)
    {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(metric).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static <T> double min(List<T> values, ToDoubleFunction<T> metric)
    {
        return values.stream().mapToDouble(metric).min().orElseThrow();
    }

    static <T> double max(List<T> values, ToDoubleFunction<T> metric)
    {
        return values.stream().mapToDouble(metric).max().orElseThrow();
    }

    /** The value at quantile {@code q} (0..1) of already sorted values, nearest rank. */
    static double quantile(double[] sorted, double q)
    {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static double[] sorted(double[] values)
    {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }
}
