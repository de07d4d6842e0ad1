package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Five million rows through the stock Hive JDBC driver from a gateway of its own with a 512 MB
 * heap (the least Spark's local mode starts with), while a second thread samples the gateway's
 * heap from its {@code /metrics}. Held whole as the Thrift columns the door sends (a boxed value
 * per bigint and double, a String per text), the result would take more than that heap: it
 * arrives whole only if the door streams it. Every row is checked (order, values, CRC-32 of the
 * text), and the heap in use must stay well under the maximum, its old generation flat.
 */
class HiveLargeFetchIT
{
    private static final long ROWS = 5_000_000;
    private static final String HEAP = "512m";
    private static final long HEAP_BYTES = 512L << 20;
    private static final long SAMPLE_MILLIS = 200;
    /** Young and old generations together, at their highest: garbage not yet collected included. */
    private static final double MAX_USED_SHARE = 0.85;
    /** What survives young collections: the result held in the gateway would pile up here. */
    private static final double MAX_OLD_SHARE = 0.50;

    /** One sample of the gateway's heap, in bytes. */
    private record HeapSample(long used, long oldGeneration) {}

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void fiveMillionRowsThroughASmallHeap()
            throws Exception
    {
        Path work = GatewayProcess.newWorkDirectory("small-heap");
        try (GatewayProcess gateway = GatewayProcess.start(work.resolve("data"), work, HEAP)) {
            HeapSample idle = sample(gateway);
            List<HeapSample> samples = new ArrayList<>();
            AtomicBoolean fetching = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> sampleWhile(gateway, fetching, samples), "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Fetched fetched;
            try {
                fetched = fetch(gateway);
            }
            finally {
                fetching.set(false);
                sampler.join(TimeUnit.SECONDS.toMillis(30));
            }

            assertEquals(ROWS, fetched.rows(), "rows");
            assertEquals(ROWS * (ROWS - 1) / 2, fetched.idSum(), "sum of ids");
            assertEquals(LargeResultIT.digitsOfAllNumbersBelow(ROWS), fetched.textLength(), "total length of the ids as text");
            CRC32 expected = new CRC32();
            for (long id = 0; id < ROWS; id++) {
                expected.update(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals(expected.getValue(), fetched.crc(), "CRC-32 of the ids as text, in order");

            assertTrue(gateway.isAlive(), "the gateway is alive after the fetch");
            assertFalse(GatewayProcess.tail(gateway.stderr(), Integer.MAX_VALUE).contains("OutOfMemoryError"), "the gateway ran out of memory; see " + gateway.stderr());
            List<HeapSample> taken;
            synchronized (samples) {
                taken = List.copyOf(samples);
            }
            assertTrue(taken.size() >= 5, "heap samples taken during the fetch: " + taken.size());
            long usedHighWater = taken.stream().mapToLong(HeapSample::used).max().orElseThrow();
            long oldHighWater = taken.stream().mapToLong(HeapSample::oldGeneration).max().orElseThrow();
            System.out.printf("Hive JDBC, %s heap: %d rows in %d ms (%d rows/s); heap in use: idle %d MB, high-water %d MB, old generation idle %d MB, high-water %d MB (%d samples)%n",
                    HEAP, fetched.rows(), fetched.millis(), fetched.rows() * 1000 / Math.max(1, fetched.millis()), idle.used() >> 20, usedHighWater >> 20,
                    idle.oldGeneration() >> 20, oldHighWater >> 20, taken.size());
            assertTrue(usedHighWater <= MAX_USED_SHARE * HEAP_BYTES,
                    "heap in use reached " + (usedHighWater >> 20) + " MB of " + (HEAP_BYTES >> 20) + " MB during the fetch");
            assertTrue(oldHighWater <= MAX_OLD_SHARE * HEAP_BYTES,
                    "the old generation reached " + (oldHighWater >> 20) + " MB of " + (HEAP_BYTES >> 20) + " MB during the fetch: the gateway holds on to rows");
        }
    }

    private record Fetched(long rows, long idSum, long textLength, long crc, long millis) {}

    private static Fetched fetch(GatewayProcess gateway)
            throws Exception
    {
        String sql = "SELECT id, CAST(id AS STRING) AS text, id * 1.5D AS half_more FROM range(0, " + ROWS + ", 1, 8)";
        long start = System.nanoTime();
        long rows = 0;
        long idSum = 0;
        long textLength = 0;
        CRC32 checksum = new CRC32();
        try (Connection connection = HiveJdbc.connect(gateway.hiveUrl()); Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    long id = result.getLong(1);
                    if (id != rows) {
                        fail("row " + rows + " has id " + id + ": rows were lost, repeated or reordered");
                    }
                    String text = result.getString(2);
                    if (result.getDouble(3) != id * 1.5) {
                        fail("row " + rows + ": id * 1.5 = " + result.getDouble(3));
                    }
                    checksum.update(text.getBytes(StandardCharsets.US_ASCII));
                    idSum += id;
                    textLength += text.length();
                    rows++;
                }
            }
        }
        return new Fetched(rows, idSum, textLength, checksum.getValue(), (System.nanoTime() - start) / 1_000_000);
    }

    private static void sampleWhile(GatewayProcess gateway, AtomicBoolean fetching, List<HeapSample> samples)
    {
        while (fetching.get()) {
            try {
                HeapSample sample = sample(gateway);
                synchronized (samples) {
                    samples.add(sample);
                }
                Thread.sleep(SAMPLE_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            catch (Exception | AssertionError e) {
                // a missed sample: the assertions count the samples taken
            }
        }
    }

    /** {@code jvm_memory_used_bytes{area="heap",...}} of the gateway's {@code /metrics}: all heap pools, and the old generation's. */
    private static HeapSample sample(GatewayProcess gateway)
            throws Exception
    {
        long used = 0;
        long old = 0;
        int pools = 0;
        for (String line : gateway.metrics().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                long bytes = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
                used += bytes;
                pools++;
                if (line.contains("Old Gen")) {
                    old = bytes;
                }
            }
        }
        if (pools == 0) {
            throw new AssertionError("the gateway's /metrics has no jvm_memory_used_bytes{area=\"heap\"}");
        }
        return new HeapSample(used, old);
    }
}
