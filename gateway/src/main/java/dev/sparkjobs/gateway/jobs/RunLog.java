package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * An attempt's log file, {@code <data>/runs/<job>/<run>/attempt-<n>.log}: the runner's own lines
 * (statements, rows, timings, errors) and the Spark log lines captured while the attempt ran, from
 * the threads that did its work. Captured lines are bounded: past {@code captureLimitBytes} the log
 * says so once and keeps only the runner's lines.
 */
final class RunLog
        implements AutoCloseable
{
    private final Path path;
    private final Writer out;
    private final Clock clock;
    private final long captureLimitBytes;
    private long captured;
    private boolean truncated;
    private boolean closed;

    RunLog(Path path, Clock clock, long captureLimitBytes)
            throws IOException
    {
        this.path = requireNonNull(path, "path is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.captureLimitBytes = captureLimitBytes;
        Files.createDirectories(path.getParent());
        this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    Path path()
    {
        return path;
    }

    /** A line of the runner's own, time-stamped. */
    synchronized void line(String text)
            throws IOException
    {
        if (closed) {
            return;
        }
        out.write(clock.instant() + " " + text + "\n");
        out.flush();
    }

    /** Text as it is, such as a stack trace. */
    synchronized void raw(String text)
            throws IOException
    {
        if (closed) {
            return;
        }
        out.write(text);
        out.flush();
    }

    /** A Spark log line (already formatted, ending in a newline) from a thread working for this attempt. */
    synchronized void captured(String formatted)
    {
        if (closed || truncated) {
            return;
        }
        try {
            if (captured + formatted.length() > captureLimitBytes) {
                truncated = true;
                out.write(clock.instant() + " (Spark log lines of this attempt beyond " + captureLimitBytes + " bytes are not kept)\n");
            }
            else {
                captured += formatted.length();
                out.write("  spark| " + formatted);
            }
            out.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized long capturedBytes()
    {
        return captured;
    }

    @Override
    public synchronized void close()
            throws IOException
    {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
