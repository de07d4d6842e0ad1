package dev.sparkjobs.gateway.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The parts of a run that need no engine: file matching through Hadoop, statement targets, UI links. */
class JobPiecesTest
{
    @Test
    void filesMatchThroughHadoopWithFileUris()
            throws Exception
    {
        Path directory = Files.createTempDirectory("arrivals-");
        Files.createDirectories(directory.resolve("sub"));
        for (String name : List.of("a.csv", "b.json", "_SUCCESS", ".hidden.csv", "sub/c.csv")) {
            Files.writeString(directory.resolve(name), "x");
        }
        String root = directory.toAbsolutePath().toString();
        Configuration configuration = new Configuration();
        assertEquals(List.of(root + "/a.csv"), JobScheduler.matching("file://" + root + "/*.csv", configuration));
        assertEquals(List.of(root + "/a.csv", root + "/b.json"), JobScheduler.matching("file://" + root, configuration), "a directory: its files, not sub-directories");
        assertEquals(List.of(root + "/a.csv", root + "/b.json"), JobScheduler.matching(root + "/{a.csv,b.json}", configuration));
        assertEquals(List.of(root + "/a.csv", root + "/sub/c.csv"), JobScheduler.matching("file:" + root + "/{,sub/}*.csv", configuration));
        assertEquals(List.of(), JobScheduler.matching("file://" + root + "/missing/*.csv", configuration));
        assertEquals(List.of(), JobScheduler.matching(root + "/missing", configuration));
    }

    @Test
    void statementTargetsAreFoundWhereTheyAreWritten()
    {
        JobStatement insert = JobStatement.analyse("INSERT OVERWRITE TABLE sales.totals SELECT c.name, SUM(o.amount) FROM orders o JOIN crm.customers c ON o.c = c.id GROUP BY c.name");
        assertEquals(JobStatement.Kind.INSERT, insert.kind());
        assertEquals(List.of("sales", "totals"), insert.target().orElseThrow().name());
        assertEquals(List.of(List.of("orders"), List.of("crm", "customers")), insert.sources());
        assertEquals("INSERT OVERWRITE TABLE scratch.t SELECT c.name, SUM(o.amount) FROM orders o JOIN crm.customers c ON o.c = c.id GROUP BY c.name",
                insert.withTarget("scratch.t"));
        JobStatement multiline = JobStatement.analyse("INSERT INTO\n  `my totals`\nSELECT 1");
        assertEquals("INSERT INTO\n  x\nSELECT 1", multiline.withTarget("x"));
        JobStatement create = JobStatement.analyse("CREATE TABLE daily AS SELECT * FROM raw");
        assertEquals(JobStatement.Kind.CREATE_TABLE_AS, create.kind());
        assertEquals("CREATE TABLE scratch.daily AS SELECT * FROM raw", create.withTarget("scratch.daily"));
        assertEquals(JobStatement.Kind.QUERY, JobStatement.analyse("SELECT COUNT(*) FROM t").kind());
        assertThrows(IllegalArgumentException.class, () -> JobStatement.analyse("TRUNCATE TABLE t"));
    }

    @Test
    void capturedSparkLinesAreBounded()
            throws Exception
    {
        Path file = Files.createTempDirectory("run-log-").resolve("job/run/attempt-1.log");
        try (RunLog log = new RunLog(file, java.time.Clock.systemUTC(), 1000)) {
            log.line("step 1: SELECT 1");
            for (int i = 0; i < 100; i++) {
                log.captured(String.format("%03d %s%n", i, "x".repeat(45)));
            }
            log.line("done");
            assertEquals(1000 / 50 * 50, log.capturedBytes());
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(20, lines.stream().filter(line -> line.startsWith("  spark| ")).count());
        assertEquals(1, lines.stream().filter(line -> line.contains("beyond 1000 bytes are not kept")).count());
        assertEquals(true, lines.get(lines.size() - 1).endsWith(" done"), "the runner's own lines are kept past the limit");
    }

    @Test
    void uiLinks()
    {
        assertEquals("http://127.0.0.1:4040/jobs/job/?id=12", RunTelemetry.uiLink("http://127.0.0.1:4040", OptionalInt.of(12)));
        assertEquals("http://127.0.0.1:4040/jobs/", RunTelemetry.uiLink("http://127.0.0.1:4040/", OptionalInt.empty()));
    }
}
