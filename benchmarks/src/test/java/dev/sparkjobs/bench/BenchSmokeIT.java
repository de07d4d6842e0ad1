package dev.sparkjobs.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness works end to end at a tiny size: a real gateway process, the bare Flight server, the
 * table and the JSON file. No timing is asserted; the figures mean nothing at this size.
 */
class BenchSmokeIT
{
    // On one gateway: P1 at 50k rows; P2 at 20k rows; P4 with 5 queries a side after 2 warm-ups
    // (and in-process Spark in a JVM of its own); P8 with 4 clients for 3 s after 2 s of warm-up;
    // P9 with 5 ms of JMH measurement per statement and parser (its own JVM); P3 at TPC-H SF 0.01 (in-process side in a JVM of its own); P6 on 10k Nexmark bids
    // (the hand-written job in its own JVM). P7 is left out: it needs a gateway of its own
    // and, at Spark's smallest workable heap (512m), a 2 GB fetch, which is no smoke test. P10 is
    // left out too: two more gateways, each launching a process engine, cost more than a minute;
    // EngineFetchSmokeIT runs it alone at a tiny size.
    private static final long ROWS = 50_000;
    private static final long HS2_ROWS = 20_000;

    @Test
    void measuresP1P2P3P4P6P8AndP9AgainstThePackagedGatewayAndReportsEveryRow(@TempDir Path output)
            throws Exception
    {
        Path home = Path.of(System.getProperty("sparkjobs.home", "..")).toAbsolutePath().normalize();
        BenchSettings settings = new BenchSettings(home, "smoke", ROWS, 1, 2, 8192, 2, 5, 4, 3, 2, HS2_ROWS, "512m", 5, Optional.of("1g"), Map.of(), output,
                Set.of("P1", "P2", "P3", "P4", "P6", "P8", "P9"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Harness.Result result = new Harness(settings, new PrintStream(printed, true, UTF_8), System.err).run();
        String table = printed.toString(UTF_8);
        System.err.println(table);

        assertFalse(result.failed(), table);
        for (int i = 1; i <= 10; i++) {
            assertTrue(table.contains("| P" + i + " "), "row P" + i + " is missing from\n" + table);
        }
        assertTrue(table.contains("rows/s"), table);

        assertTrue(Files.isRegularFile(result.file()));
        assertEquals(output, result.file().getParent());
        JsonNode json = new ObjectMapper().readTree(result.file().toFile());
        assertTrue(json.at("/machine/cores").asInt() > 0, json.toString());
        assertTrue(json.at("/machine/memoryBytes").asLong() > 0, json.toString());
        assertFalse(json.at("/versions/spark").asText().isEmpty());
        assertFalse(json.at("/versions/arrow").asText().isEmpty());
        assertEquals(ROWS, json.at("/settings/fetchRows").asLong());
        assertEquals(10, json.at("/figures").size());

        JsonNode p1 = json.at("/figures/0");
        assertEquals("P1", p1.at("/id").asText());
        assertTrue(Set.of("met", "missed").contains(p1.at("/verdict").asText()), p1.toString());
        assertTrue(p1.at("/ratio").asDouble() > 0, p1.toString());
        assertEquals(ROWS, p1.at("/details/rows").asLong());
        assertTrue(p1.at("/details/valuesVerifiedEqual").asBoolean());
        for (String side : new String[] {"gateway", "bare"}) {
            JsonNode received = p1.at("/details/" + side + "/rowsReceived");
            assertEquals(2, received.size(), p1.toString());
            received.forEach(rows -> assertEquals(ROWS, rows.asLong(), side));
            assertTrue(p1.at("/details/" + side + "/bytes").asLong() > ROWS * 8, side);
            assertTrue(p1.at("/details/" + side + "/batches").asLong() > 0, side);
            assertTrue(p1.at("/details/" + side + "/medianRowsPerSecond").asDouble() > 0, side);
        }

        JsonNode p2 = json.at("/figures/1");
        assertEquals("P2", p2.at("/id").asText());
        assertTrue(Set.of("met", "missed").contains(p2.at("/verdict").asText()), p2.toString());
        assertEquals(HS2_ROWS, p2.at("/details/rows").asLong());
        for (String side : new String[] {"columnar", "rowBased", "flightSql"}) {
            assertTrue(p2.at("/details/" + side + "/medianRowsPerSecond").asDouble() > 0, side);
        }

        JsonNode p4 = json.at("/figures/3");
        assertEquals("P4", p4.at("/id").asText());
        assertTrue(Set.of("met", "missed").contains(p4.at("/verdict").asText()), p4.toString());
        assertTrue(p4.at("/details/flightSqlMillis/p50").asDouble() > 0, p4.toString());
        assertTrue(p4.at("/details/inProcessMillis/p50").asDouble() > 0, p4.toString());

        JsonNode p6 = json.at("/figures/5");
        assertEquals("P6", p6.at("/id").asText());
        assertTrue(Set.of("met", "missed").contains(p6.at("/verdict").asText()), p6.toString());
        for (String side : new String[] {"gateway", "handWritten"}) {
            assertEquals(p6.at("/details/events").asLong(), p6.at("/details/" + side + "/rows").asLong(), side);
            assertTrue(p6.at("/details/" + side + "/eventsPerSecond").asDouble() > 0, side);
        }
        assertTrue(p6.at("/ratio").asDouble() > 0, p6.toString());

        JsonNode p8 = json.at("/figures/7");
        assertEquals("P8", p8.at("/id").asText());
        assertTrue(p8.at("/details/queriesCompleted").asLong() > 0, p8.toString());
        assertEquals(0, p8.at("/details/errors").asLong(), p8.toString());
        assertEquals(0, p8.at("/details/leakedSessions").asLong(), p8.toString());
        assertEquals("met", p8.at("/verdict").asText(), p8.toString());

        JsonNode p3 = json.at("/figures/2");
        assertEquals("P3", p3.at("/id").asText());
        assertTrue(Set.of("met", "missed").contains(p3.at("/verdict").asText()), p3.toString());
        assertEquals(22, p3.at("/details/queries").size(), p3.toString());
        assertTrue(p3.at("/details/gatewayMillis").asLong() > 0 && p3.at("/details/inProcessMillis").asLong() > 0, p3.toString());
        JsonNode p9 = json.at("/figures/8");
        assertEquals("P9", p9.at("/id").asText());
        assertEquals("reported", p9.at("/verdict").asText(), p9.toString());
        assertTrue(p9.at("/details/tpchComparedQueries").asInt() > 0, p9.toString());
        assertTrue(p9.at("/details/tpchCalcite/p50").asDouble() > 0, p9.toString());
        assertTrue(p9.at("/details/tpchSpark/p50").asDouble() > 0, p9.toString());
        assertTrue(p9.at("/details/grammarCalcite/p50").asDouble() > 0, p9.toString());
        assertEquals("SampleTime", p9.at("/details/jmh/mode").asText(), p9.toString());

        // P5 (a cold process engine), P7 (a gateway of its own) and P10 (two gateways on process engines) are left out of the smoke run.
        for (int i : new int[] {4, 6, 9}) {
            assertEquals("not run", json.at("/figures/" + i + "/verdict").asText(), json.at("/figures/" + i).toString());
        }
    }
}
