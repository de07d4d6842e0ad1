package dev.sparkjobs.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a benchmark run is sized and where it writes.
 *
 * @param home the Spark Jobs checkout: {@code bin/sparkjobs} and the packaged gateway live there
 * @param mode {@code full}, {@code quick} or {@code custom}, recorded with the figures
 * @param fetchRows rows of the P1 result
 * @param warmups warm-up iterations per side, not measured
 * @param iterations measured iterations per side; the table shows the median
 * @param bareBatchRows rows per batch of the bare Flight server (the gateway batches as its Spark
 *        conf says: {@code spark.sql.execution.arrow.maxRecordsPerBatch})
 * @param latencyWarmups P4's warm-up queries per side
 * @param latencyQueries P4's measured queries per side
 * @param clients concurrent clients of P8
 * @param concurrencySeconds how long P8's clients run, measured
 * @param concurrencyWarmupSeconds how long they run before the measured window
 * @param hs2Rows rows of the P2 result, fetched over HiveServer2 (columnar and row-based) and
 *        Flight SQL
 * @param heapFetchHeap the heap of P7's own gateway ({@code SPARKJOBS_HEAP}); P7 fetches a
 *        result of four times as many bytes
 * @param parseMillis P9's JMH measurement time, in milliseconds, per statement and parser
 * @param gatewayHeap the gateway's heap ({@code SPARKJOBS_HEAP}); empty keeps the launcher's default
 * @param gatewayConf extra Spark settings for the gateway ({@code --conf}), for experiments; the
 *        figures of record run without any
 * @param outputDirectory where the machine-readable file goes
 * @param only figure ids to run; empty runs them all
 */
public record BenchSettings(
        Path home,
        String mode,
        long fetchRows,
        int warmups,
        int iterations,
        int bareBatchRows,
        int latencyWarmups,
        int latencyQueries,
        int clients,
        int concurrencySeconds,
        int concurrencyWarmupSeconds,
        long hs2Rows,
        String heapFetchHeap,
        int parseMillis,
        Optional<String> gatewayHeap,
        Map<String, String> gatewayConf,
        Path outputDirectory,
        Set<String> only)
{
    public static final long FULL_ROWS = 10_000_000L;
    public static final long QUICK_ROWS = 1_000_000L;
    public static final long FULL_HS2_ROWS = 5_000_000L;
    public static final long QUICK_HS2_ROWS = 300_000L;

    public BenchSettings
    {
        requireNonNull(home, "home is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(gatewayHeap, "gatewayHeap is null");
        requireNonNull(heapFetchHeap, "heapFetchHeap is null");
        gatewayConf = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(gatewayConf, "gatewayConf is null")));
        requireNonNull(outputDirectory, "outputDirectory is null");
        only = Set.copyOf(only);
        if (fetchRows <= 0) {
            throw new IllegalArgumentException("rows must be positive, not " + fetchRows);
        }
        if (warmups < 0 || iterations <= 0) {
            throw new IllegalArgumentException("need at least one measured iteration and no negative warm-ups");
        }
        if (latencyWarmups < 0 || latencyQueries <= 0) {
            throw new IllegalArgumentException("P4 needs at least one measured query");
        }
        if (clients <= 0 || concurrencySeconds <= 0 || concurrencyWarmupSeconds < 0) {
            throw new IllegalArgumentException("P8 needs at least one client for at least a second");
        }
        if (hs2Rows <= 0 || parseMillis <= 0) {
            throw new IllegalArgumentException("P2 needs rows and P9 a measurement time");
        }
        if (bareBatchRows <= 0) {
            throw new IllegalArgumentException("batch rows must be positive, not " + bareBatchRows);
        }
    }

    public boolean selected(String id)
    {
        return only.isEmpty() || only.contains(id);
    }

    /**
     * Whether the run may end while class-data archives for later runs are still being written
     * (the shared gateway's as it exits, P5's engines'): a user's run does; the smoke run of the
     * test suite waits for them, so that nothing of it outlives the test.
     */
    public boolean archivesInBackground()
    {
        return !mode.equals("smoke");
    }
}
