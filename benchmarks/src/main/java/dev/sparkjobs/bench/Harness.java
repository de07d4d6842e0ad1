package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the figures in table order, each in a scratch directory of its own, then prints the table
 * and writes the machine-readable file. A figure that fails is a row that says so; the others
 * still run.
 */
final class Harness
{
    private final BenchSettings settings;
    private final PrintStream out;
    private final PrintStream progress;

    Harness(BenchSettings settings, PrintStream out, PrintStream progress)
    {
        this.settings = requireNonNull(settings, "settings is null");
        this.out = requireNonNull(out, "out is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /** Every row of issue 8, in order. */
    static List<Benchmark> benchmarks(BenchSettings settings)
    {
        List<Benchmark> all = new ArrayList<>();
        all.add(new FlightFetchBenchmark(settings.fetchRows()));
        all.add(new Hs2FetchBenchmark(settings.hs2Rows()));
        all.add(new SmallQueryLatencyBenchmark(settings.latencyWarmups(), settings.latencyQueries()));
        all.add(new ConcurrencyBenchmark(settings.clients(), settings.concurrencySeconds()));
        all.add(new HeapFetchBenchmark(settings.heapFetchHeap()));
        all.add(new ParseBenchmark(settings.parseMillis()));
        all.add(new TpchBenchmark(settings.mode()));
        all.add(new EngineLeaseBenchmark(settings.mode().equals("full") ? 1000 : 100, settings.mode().equals("quick")));
        all.add(new StreamingBenchmark(StreamingBenchmark.events(settings)));
        all.add(new EngineFetchBenchmark(settings.fetchRows()));
        all.addAll(NotYetMeasurable.rows());
        // P1, P2, ..., P9, P10: by number, not as text.
        all.sort(Comparator.comparingInt(benchmark -> Integer.parseInt(benchmark.id().substring(1))));
        return all;
    }

    /** Runs, prints and writes; returns the report and where its file went. */
    Result run()
            throws IOException
    {
        Instant started = Instant.now();
        Path work = Files.createTempDirectory("sparkjobs-bench-");
        Map<String, Object> machine = Machine.describe();
        List<Figure> figures = new ArrayList<>();
        boolean failed = false;
        BenchContext context = new BenchContext(settings, work, progress);
        try (context) {
            context.log("%s run on %s; scratch %s", settings.mode(), Machine.summary(), work);
            startShared(context);
            for (Benchmark benchmark : benchmarks(settings)) {
                if (!settings.selected(benchmark.id())) {
                    figures.add(Figure.unmeasured(benchmark, Verdict.SKIPPED, "left out by --only"));
                    continue;
                }
                long start = System.nanoTime();
                try {
                    Figure figure = benchmark.run(context);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    context.log("%s took %.0f s", benchmark.id(), seconds);
                    figures.add(figure.withDetail("benchSeconds", Math.round(seconds * 10) / 10.0));
                }
                catch (Exception | AssertionError e) {
                    failed = true;
                    context.log("%s failed: %s", benchmark.id(), e);
                    e.printStackTrace(progress);
                    figures.add(Figure.unmeasured(benchmark, Verdict.FAILED, e.getMessage() == null ? e.toString() : e.getMessage()));
                }
            }
        }
        machine.put("loadAverageAtEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Report report = new Report(settings, started, Instant.now(), machine, Machine.versions(), figures);
        out.println();
        out.print(report.table());
        out.flush();
        Path file = report.writeJson();
        progress.println("bench: figures written to " + file);
        if (!context.stillRunning().isEmpty()) {
            progress.println("bench: done; class-data archives for later runs are still being written in the background (pids "
                    + context.stillRunning().stream().map(String::valueOf).collect(Collectors.joining(", ")) + "), which takes nothing from these figures");
        }
        if (failed) {
            progress.println("bench: logs kept in " + work);
        }
        else if (context.gatewayStillWriting().isPresent()) {
            deleteOnceExited(work, context.gatewayStillWriting().getAsLong());
        }
        else {
            deleteRecursively(work);
        }
        return new Result(report, file);
    }

    /**
     * Starts the shared gateway, the in-process Spark JVM and the gateways figures need of their
     * own (P7, P10) at once, before the first figure: no start is measured, and JVMs loading their
     * classes side by side take less than the sum of their starts one after another (an idle
     * gateway or Spark JVM then uses under 1% of a core while the figures run). A start that fails is left to the first figure that
     * needs it, which then fails with the reason.
     */
    private void startShared(BenchContext context)
    {
        List<Benchmark> selected = benchmarks(settings).stream().filter(benchmark -> settings.selected(benchmark.id())).toList();
        long started = System.nanoTime();
        try {
            selected.forEach(benchmark -> benchmark.prestart(context));
            if (selected.stream().anyMatch(Benchmark::usesInProcessSpark)) {
                context.baseline();
            }
            if (selected.stream().anyMatch(Benchmark::usesSharedGateway)) {
                context.gateway();
            }
            if (selected.stream().anyMatch(Benchmark::usesInProcessSpark)) {
                context.baseline().awaitReady();
            }
            context.awaitPrestarted();
            context.log("shared JVMs and the figures' own gateways up in %.1f s", (System.nanoTime() - started) / 1e9);
        }
        catch (IOException | InterruptedException e) {
            context.log("starting the shared JVMs failed (the figures that use them will say why): %s", e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    record Result(Report report, Path file)
    {
        Result
        {
            requireNonNull(report, "report is null");
            requireNonNull(file, "file is null");
        }

        boolean failed()
        {
            return report.figures().stream().anyMatch(figure -> figure.verdict() == Verdict.FAILED);
        }
    }

    /**
     * Deletes the scratch directory once the shared gateway, still writing its class-data archive,
     * has exited (it has its data and log there), from a shell that outlives this JVM; a gateway
     * that has not exited in five minutes is killed first.
     */
    private void deleteOnceExited(Path directory, long pid)
    {
        String script = "for i in $(seq 1 300); do kill -0 " + pid + " 2>/dev/null || break; sleep 1; done; "
                + "kill -0 " + pid + " 2>/dev/null && kill -9 " + pid + "; rm -rf \"$0\"";
        try {
            new ProcessBuilder("sh", "-c", script, directory.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        }
        catch (IOException e) {
            progress.println("bench: scratch directory " + directory + " left behind: " + e.getMessage());
        }
    }

    private static void deleteRecursively(Path directory)
            throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
