package dev.sparkjobs.gateway.hs2;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The few lines beeline prints while a statement runs ({@code FetchResults} with fetch type 1):
 * what started, what finished, what failed. Bounded: past {@link #MAX_LINES} the oldest lines go.
 */
final class OperationLog
{
    static final int MAX_LINES = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final List<String> lines = new ArrayList<>();
    private long dropped;
    private long read;

    synchronized void add(String line)
    {
        if (lines.size() >= MAX_LINES) {
            lines.remove(0);
            dropped++;
        }
        lines.add(LocalTime.now().format(TIME) + " " + line);
    }

    /** Lines not read yet, or all kept lines when {@code fromStart}; at most {@code max}. */
    synchronized List<String> read(boolean fromStart, int max)
    {
        if (fromStart) {
            read = dropped;
        }
        int start = (int) Math.max(0, read - dropped);
        int end = (int) Math.min(lines.size(), start + (long) Math.max(1, max));
        read = dropped + end;
        return List.copyOf(lines.subList(start, end));
    }
}
