package dev.sparkjobs.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkjobs bench}: measures the figures of issue 8 and prints them as a table. */
@Command(name = "sparkjobs bench", mixinStandardHelpOptions = true, version = "Spark Jobs benchmarks 0.1.0",
        description = {
                "Measures Spark Jobs against its ceilings, side by side in one run, and prints one row per figure (P1..P10).",
                "Starts the packaged gateway itself (bin/sparkjobs gateway, free loopback ports, a scratch data directory).",
                "SPARKJOBS_HEAP and SPARKJOBS_JAVA_OPTS in the environment reach the gateway (e.g. a JFR recording)."})
public final class BenchMain
        implements Callable<Integer>
{
    @Option(names = "--quick", description = "Reduced sizes (P1 and P10: 1M rows, 1 warm-up, 3 iterations; P2: 300k rows; P4: 30 queries; P7: 512m heap, 2 GB; P6: 100k events; P8: 6 s; P9: 30 ms of JMH measurement per statement and parser): a few minutes")
    boolean quick;

    @Option(names = "--rows", paramLabel = "N", description = "Rows of the P1 and P10 results (default: 10M, 1M with --quick); P6 streams a fifth as many events")
    Long rows;

    @Option(names = "--warmups", paramLabel = "N", description = "Warm-up iterations per side (default: 2, 1 with --quick)")
    Integer warmups;

    @Option(names = "--iterations", paramLabel = "N", description = "Measured iterations per side, median reported (default: 5, 3 with --quick)")
    Integer iterations;

    @Option(names = "--bare-batch-rows", paramLabel = "N", description = "Rows per batch of the bare Flight server (default: 32768, the gateway's Spark default)")
    int bareBatchRows = 32_768;

    @Option(names = "--latency-queries", paramLabel = "N", description = "Small queries per side of P4 (default: 200, 30 with --quick)")
    Integer latencyQueries;

    @Option(names = "--clients", paramLabel = "N", description = "Concurrent clients of P8 (default: 64)")
    int clients = 64;

    @Option(names = "--concurrency-seconds", paramLabel = "S", description = "How long P8's clients run, measured (default: 60, 6 with --quick)")
    Integer concurrencySeconds;

    @Option(names = "--hs2-rows", paramLabel = "N", description = "Rows of the P2 result (default: 5M, 300k with --quick)")
    Long hs2Rows;

    @Option(names = "--heap-fetch-heap", paramLabel = "SIZE", description = "Heap of P7's own gateway; P7 fetches 4x as many bytes (default: 1g, 512m with --quick)")
    String heapFetchHeap;

    @Option(names = "--gateway-heap", paramLabel = "SIZE", description = "The gateway's heap, as SPARKJOBS_HEAP (default: the launcher's, 4g)")
    String gatewayHeap;

    @Option(names = "--gateway-conf", paramLabel = "KEY=VALUE", description = "A Spark setting for the gateway (its --conf), for experiments; repeatable")
    Map<String, String> gatewayConf = new LinkedHashMap<>();

    @Option(names = "--only", split = ",", paramLabel = "ID", description = "Run only these figures, e.g. --only P1")
    List<String> only = List.of();

    @Option(names = "--output", paramLabel = "DIR", description = "Where the JSON file goes (default: <home>/benchmarks/results)")
    Path output;

    @Option(names = "--home", paramLabel = "DIR", description = "The Spark Jobs checkout holding bin/sparkjobs (default: $SPARKJOBS_HOME or .)")
    Path home;

    public static void main(String[] args)
    {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call()
            throws Exception
    {
        Harness.Result result = new Harness(settings(), System.out, System.err).run();
        return result.failed() ? 1 : 0;
    }

    BenchSettings settings()
    {
        Path checkout = (home != null ? home : Path.of(Optional.ofNullable(System.getenv("SPARKJOBS_HOME")).orElse("."))).toAbsolutePath().normalize();
        boolean custom = rows != null || hs2Rows != null || heapFetchHeap != null || warmups != null || iterations != null || concurrencySeconds != null || latencyQueries != null || clients != 64 || !gatewayConf.isEmpty();
        String mode = custom ? "custom" : quick ? "quick" : "full";
        Set<String> ids = new LinkedHashSet<>();
        only.forEach(id -> ids.add(id.trim().toUpperCase(Locale.ROOT)));
        return new BenchSettings(
                checkout,
                mode,
                rows != null ? rows : quick ? BenchSettings.QUICK_ROWS : BenchSettings.FULL_ROWS,
                warmups != null ? warmups : quick ? 1 : 2,
                iterations != null ? iterations : quick ? 3 : 5,
                bareBatchRows,
                quick ? 5 : 20,
                latencyQueries != null ? latencyQueries : quick ? 30 : 200,
                clients,
                concurrencySeconds != null ? concurrencySeconds : quick ? 6 : 60,
                quick ? 2 : 10,
                hs2Rows != null ? hs2Rows : quick ? BenchSettings.QUICK_HS2_ROWS : BenchSettings.FULL_HS2_ROWS,
                heapFetchHeap != null ? heapFetchHeap : quick ? "512m" : "1g",
                quick ? 30 : 200,
                Optional.ofNullable(gatewayHeap),
                gatewayConf,
                output != null ? output.toAbsolutePath() : checkout.resolve("benchmarks").resolve("results"),
                ids);
    }
}
