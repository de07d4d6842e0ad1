package dev.sparkjobs.pool.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowCompilerTest
{
    @Test
    void ksqlClauseBecomesWindowGroupingKey()
    {
        CompiledQuery compiled = WindowCompiler.compile("s", "SELECT window_start, window_end, page, COUNT(*) AS clicks FROM clicks GROUP BY page",
                Optional.of(WindowClause.on(new Window.Tumbling(Duration.ofMinutes(1), Optional.empty()), "ts")));
        assertEquals(Optional.of(WindowSpec.tumbling("ts", Duration.ofMinutes(1))), compiled.window());
        String sql = compiled.sql().replaceAll("\\s+", " ");
        assertTrue(sql.contains("GROUP BY `window`(`ts`, '60000 milliseconds'), `page`"), sql);
        assertTrue(sql.contains("`window`.`start` `window_start`"), sql);
        assertEquals(Optional.of("clicks"), compiled.windowSource());
    }

    @Test
    void tableFunctionsBecomeWindowAndSessionWindow()
    {
        CompiledQuery hop = WindowCompiler.compile("s",
                "SELECT uid, window_start, window_end, COUNT(*) AS n FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '30' SECOND, INTERVAL '1' MINUTE)) GROUP BY uid, window_start, window_end",
                Optional.empty());
        assertEquals(Optional.of(WindowSpec.hopping("ts", Duration.ofMinutes(1), Duration.ofSeconds(30))), hop.window());
        String sql = hop.sql().replaceAll("\\s+", " ");
        assertTrue(sql.contains("FROM `clicks`"), sql);
        assertTrue(sql.contains("GROUP BY `window`(`ts`, '60000 milliseconds', '30000 milliseconds'), `uid`"), sql);

        CompiledQuery session = WindowCompiler.compile("s",
                "SELECT uid, window_start, COUNT(*) AS n FROM TABLE(SESSION(TABLE clicks PARTITION BY uid, DESCRIPTOR(ts), INTERVAL '30' SECOND)) GROUP BY uid, window_start, window_end",
                Optional.empty());
        assertEquals(Optional.of(WindowSpec.session("ts", Duration.ofSeconds(30))), session.window());
        assertTrue(session.sql().contains("`session_window`.`start` `window_start`"), session.sql());
    }

    @Test
    void countWindowsAreRefusedHonestly()
    {
        StreamRuntimeException e = assertThrows(StreamRuntimeException.class, () -> WindowCompiler.compile("s", "SELECT COUNT(*) FROM clicks",
                Optional.of(new WindowClause(new Window.CountTumbling(100), Optional.empty()))));
        assertEquals("0A000", e.sqlState());
    }

    @Test
    void lateTestMatchesSparkWindows()
    {
        assertEquals(120_000, WindowSpec.tumbling("ts", Duration.ofMinutes(1)).latestEndMillis(65_000));
        assertEquals(150_000, WindowSpec.hopping("ts", Duration.ofMinutes(1), Duration.ofSeconds(30)).latestEndMillis(100_000));
        assertEquals(130_000, WindowSpec.session("ts", Duration.ofSeconds(30)).latestEndMillis(100_000));
    }
}
