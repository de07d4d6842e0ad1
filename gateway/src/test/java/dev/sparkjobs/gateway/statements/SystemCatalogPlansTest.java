package dev.sparkjobs.gateway.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.flight.SqlServiceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The system catalog keeps the plans of repeated queries: answers stay current, threads never share a running plan. */
class SystemCatalogPlansTest
{
    private final List<Object[]> sessions = new CopyOnWriteArrayList<>();
    private final SystemCatalog catalog = new SystemCatalog(dataSource(), Map.of("sessions", () -> List.copyOf(sessions)));

    private static JdbcDataSource dataSource()
    {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:system-catalog-plans;DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    private void open(String id, String user)
    {
        sessions.add(new Object[] {id, user, "default", "flight-sql", "127.0.0.1", Instant.EPOCH, Instant.EPOCH, 0, 0L, null});
    }

    private long count(String sql)
            throws SqlServiceException
    {
        return ((Number) catalog.execute(sql).rows().get(0)[0]).longValue();
    }

    @Test
    void aRepeatedQueryAnswersWithTheRowsOfEachExecution()
            throws Exception
    {
        String sql = "SELECT COUNT(*) FROM system.sessions WHERE user_name = 'ann'";
        assertEquals(1, catalog.describe(sql).size());
        assertEquals(0, count(sql));
        open("s1", "ann");
        open("s2", "bob");
        assertEquals(1, count(sql));
        open("s3", "ann");
        assertEquals(2, count(sql));
        assertEquals(3, count("SELECT COUNT(*) FROM system.sessions"));
    }

    @Test
    void aQueryThatDoesNotPrepareIsRefusedEachTime()
    {
        SqlServiceException first = assertThrows(SqlServiceException.class, () -> catalog.execute("SELECT nope FROM system.sessions"));
        SqlServiceException again = assertThrows(SqlServiceException.class, () -> catalog.execute("SELECT nope FROM system.sessions"));
        assertEquals(first.sqlState(), again.sqlState());
        assertEquals(first.getMessage(), again.getMessage());
        assertTrue(first.getMessage().toLowerCase(Locale.ROOT).contains("nope"), first.getMessage());
    }

    @Test
    void threadsRunTheSameQueryAndManyTextsAtOnce()
            throws Exception
    {
        for (int i = 0; i < 10; i++) {
            open("s" + i, i % 2 == 0 ? "ann" : "bob");
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                // More distinct texts than the catalog keeps plans of, so that plans leave it while others run.
                String sql = i % 2 == 0
                        ? "SELECT COUNT(*) FROM system.sessions WHERE user_name = 'ann'"
                        : "SELECT COUNT(*) FROM system.sessions WHERE session_id <> 'x" + (i % 150) + "'";
                long expected = i % 2 == 0 ? 5 : 10;
                answers.add(threads.submit(() -> count(sql) == expected ? expected : -count(sql)));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(i % 2 == 0 ? 5 : 10, answers.get(i).get(1, TimeUnit.MINUTES), "query " + i);
            }
        }
        finally {
            threads.shutdownNow();
        }
    }
}
