package dev.sparkjobs.planner.validation;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Did-you-mean: the known name closest to a misspelt one, by edit distance. */
public final class Suggestions
{
    private Suggestions() {}

    /**
     * The candidate nearest to {@code input} (ignoring case), if it is near enough to be a likely
     * typo: at most a third of the input's length in edits, and never more than three.
     */
    public static Optional<String> closest(String input, Collection<String> candidates)
    {
        String needle = input.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, needle.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'x'?)" or nothing. */
    static String didYouMean(String input, Collection<String> candidates)
    {
        return closest(input, candidates).map(name -> " (did you mean '" + name + "'?)").orElse("");
    }

    /**
     * Levenshtein distance counting a swap of two neighbouring characters as one edit (the
     * optimal-string-alignment variant), since swaps are the commonest typo.
     */
    public static int distance(String a, String b)
    {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int value = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    value = Math.min(value, d[i - 2][j - 2] + 1);
                }
                d[i][j] = value;
            }
        }
        return d[a.length()][b.length()];
    }
}
