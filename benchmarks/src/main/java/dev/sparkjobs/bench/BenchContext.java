package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a benchmark gets to run with: the settings, a scratch directory of its own (data
 * directories, logs, recordings), and a place to say what it is doing.
 */
public record BenchContext(BenchSettings settings, Path workDirectory, PrintStream progress)
{
    public BenchContext
    {
        requireNonNull(settings, "settings is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(progress, "progress is null");
    }

    public void log(String format, Object... args)
    {
        progress.println("bench: " + String.format(Locale.ROOT, format, args));
        progress.flush();
    }
}
