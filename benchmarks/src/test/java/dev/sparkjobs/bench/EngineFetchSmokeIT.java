package dev.sparkjobs.bench;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * P10 end to end at a tiny size, on its own: a packaged gateway on process engines with direct
 * results, one session fetching from the engine and one asking for relayed results
 * ({@code direct_results=false}), so the figure's code path runs in {@code mvn verify} without
 * making {@link BenchSmokeIT} a minute longer. No timing is asserted.
 */
class EngineFetchSmokeIT
{
    private static final long ROWS = 20_000;

    @Test
    void fetchesFromTheEngineDirectlyAndThroughTheRelayingGateway(@TempDir Path output)
            throws Exception
    {
        Path home = Path.of(System.getProperty("sparkjobs.home", "..")).toAbsolutePath().normalize();
        BenchSettings settings = new BenchSettings(home, "smoke", ROWS, 1, 1, 8192, 1, 1, 1, 1, 0, ROWS, "512m", 1, Optional.of("1g"), Map.of(), output,
                Set.of("P10"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Harness.Result result = new Harness(settings, new PrintStream(printed, true, UTF_8), System.err).run();
        String table = printed.toString(UTF_8);
        System.err.println(table);

        assertFalse(result.failed(), table);
        JsonNode json = new ObjectMapper().readTree(result.file().toFile());
        JsonNode p10 = json.at("/figures/9");
        assertEquals("P10", p10.at("/id").asText(), p10.toString());
        assertEquals("reported", p10.at("/verdict").asText(), p10.toString());
        assertTrue(p10.at("/ratio").asDouble() > 0, p10.toString());
        assertTrue(p10.at("/details/valuesVerifiedEqual").asBoolean(), p10.toString());
        for (String side : new String[] {"direct", "relayed"}) {
            p10.at("/details/" + side + "/rowsReceived").forEach(rows -> assertEquals(ROWS, rows.asLong(), side));
            assertTrue(p10.at("/details/" + side + "/medianRowsPerSecond").asDouble() > 0, side);
            assertEquals(1, p10.at("/details/" + side + "/enginePids").size(), p10.toString());
        }
        assertTrue(p10.at("/details/direct/fetchedFrom").asText().startsWith("engine grpc+tcp://"), p10.toString());
        assertTrue(p10.at("/details/relayed/fetchedFrom").asText().startsWith("gateway "), p10.toString());
        // One user's two sessions lease the one engine: the two paths are compared on the same engine.
        assertEquals(p10.at("/details/direct/enginePids"), p10.at("/details/relayed/enginePids"), p10.toString());
    }
}
