package dev.sparkjobs.gateway.jobs;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.planner.model.Expectation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Enforces a job's {@code CONSTRAINT name EXPECT (condition) [ON VIOLATION ...]} on its output
 * table once its statements have run. A row violates a constraint when the condition is not true
 * for it (false or null). Every constraint is counted first; then, if any {@code FAIL} constraint
 * has violating rows, the attempt fails with error class EXPECTATION_FAILED naming them. Otherwise
 * {@code DROP ROW} and {@code QUARANTINE INTO q} remove the violating rows from the output table
 * (QUARANTINE appends them to {@code q} first, creating it like the output table if needed), and
 * {@code WARN} only records the count. The counts are the run's {@code expectations}.
 */
final class Expectations
{
    private final SqlSession session;
    private final String operationId;
    private final BufferAllocator allocator;
    private final RunLog log;

    Expectations(SqlSession session, String operationId, BufferAllocator allocator, RunLog log)
    {
        this.session = session;
        this.operationId = operationId;
        this.allocator = allocator;
        this.log = log;
    }

    /** One line per constraint: {@code name: n of m rows violate (ACTION)}. */
    String enforce(List<Expectation> expectations, String table, String scratchDatabase)
            throws SqlServiceException, IOException
    {
        long total = SessionQueries.count(session, operationId, allocator, "SELECT COUNT(*) FROM " + table);
        List<String> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<Expectation> removing = new ArrayList<>();
        for (Expectation expectation : expectations) {
            long violating = SessionQueries.count(session, operationId, allocator, "SELECT COUNT(*) FROM " + table + " WHERE " + violates(expectation));
            String action = expectation.onViolation() == Expectation.OnViolation.QUARANTINE ? "QUARANTINE INTO " + expectation.quarantineTable().orElseThrow()
                    : expectation.onViolation().name().replace('_', ' ');
            String result = String.format(Locale.ROOT, "%s: %d of %d rows violate (%s)", expectation.name(), violating, total, action);
            results.add(result);
            log.line("expectation " + result + " -- EXPECT (" + expectation.condition() + ") on " + table);
            if (violating > 0 && expectation.onViolation() == Expectation.OnViolation.FAIL) {
                failed.add("CONSTRAINT " + expectation.name() + " EXPECT (" + expectation.condition() + "): " + violating + " of " + total + " rows of " + table
                        + " violate it");
            }
            if (violating > 0 && (expectation.onViolation() == Expectation.OnViolation.DROP_ROW || expectation.onViolation() == Expectation.OnViolation.QUARANTINE)) {
                removing.add(expectation);
            }
        }
        if (!failed.isEmpty()) {
            throw new Failed(String.join("\n", results), String.join("; ", failed));
        }
        if (!removing.isEmpty()) {
            for (Expectation expectation : removing) {
                if (expectation.onViolation() == Expectation.OnViolation.QUARANTINE) {
                    String quarantine = expectation.quarantineTable().orElseThrow();
                    SessionQueries.update(session, operationId, "CREATE TABLE IF NOT EXISTS " + quarantine + " USING parquet AS SELECT * FROM " + table + " LIMIT 0");
                    SessionQueries.update(session, operationId, "INSERT INTO " + quarantine + " SELECT * FROM " + table + " WHERE " + violates(expectation));
                    log.line("expectation " + expectation.name() + ": violating rows appended to " + quarantine);
                }
            }
            // Spark will not overwrite a table it is reading: the rows that stay go through a scratch table.
            String keep = removing.stream().map(expectation -> "COALESCE((" + expectation.condition() + "), FALSE)").reduce((a, b) -> a + " AND " + b).orElseThrow();
            String staging = scratchDatabase + ".expect_" + operationId.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
            SessionQueries.update(session, operationId, "CREATE DATABASE IF NOT EXISTS " + scratchDatabase);
            SessionQueries.update(session, operationId, "DROP TABLE IF EXISTS " + staging);
            SessionQueries.update(session, operationId, "CREATE TABLE " + staging + " USING parquet AS SELECT * FROM " + table + " WHERE " + keep);
            try {
                SessionQueries.update(session, operationId, "INSERT OVERWRITE TABLE " + table + " SELECT * FROM " + staging);
            }
            finally {
                SessionQueries.update(session, operationId, "DROP TABLE IF EXISTS " + staging);
            }
            log.line("expectations: violating rows dropped from " + table);
        }
        return String.join("\n", results);
    }

    private static String violates(Expectation expectation)
    {
        return "NOT COALESCE((" + expectation.condition() + "), FALSE)";
    }

    /** FAIL constraints with violating rows; {@code results} has every constraint's count. */
    static final class Failed
            extends JobRunException
    {
        private final String results;

        Failed(String results, String message)
        {
            super(EXPECTATION_FAILED, "23514", message);
            this.results = results;
        }

        String results()
        {
            return results;
        }
    }
}
