package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The job commands of bin/sparkjobs against a running gateway: apply a YAML file, export it, list, run and wait. */
@ExtendWith(SharedGateway.class)
class JobsCliIT
{
    record Output(int exitCode, String stdout, String stderr) {}

    @Test
    void applyExportListRun(GatewayProcess gateway)
            throws Exception
    {
        Path work = GatewayProcess.newWorkDirectory("jobs-cli");
        Path yaml = work.resolve("cli_job.yaml");
        Files.writeString(yaml, """
                name: cli_job
                type: batch
                cluster:
                  executor:
                    instances: 2
                    cores: 1
                    memory: 1g
                conf:
                  spark.sql.shuffle.partitions: "2"
                schedule:
                  type: manual
                retry:
                  count: 1
                  delay: 2s
                pipeline:
                  sources:
                    - name: numbers
                      table: cli_numbers
                  transformations:
                    - name: doubled
                      sql: SELECT id * 2 AS id FROM numbers
                  sinks:
                    - table: cli_doubled
                      from: doubled
                      mode: overwrite
                """, StandardCharsets.UTF_8);
        try (var connection = gateway.connect(); var statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS cli_numbers");
            statement.execute("DROP TABLE IF EXISTS cli_doubled");
            statement.execute("CREATE TABLE cli_numbers USING parquet AS SELECT id FROM range(10)");
            statement.execute("CREATE TABLE cli_doubled (id BIGINT) USING parquet");
        }
        String server = "127.0.0.1:" + gateway.flightPort();
        Output apply = sparkjobs(work, "apply", "-f", yaml.toString(), "--server", server);
        assertEquals(0, apply.exitCode(), apply.toString());
        assertTrue(apply.stdout().contains("job cli_job applied (version 1)"), apply.toString());

        Output export = sparkjobs(work, "export", "cli_job", "--server", server);
        assertEquals(0, export.exitCode(), export.toString());
        assertTrue(export.stdout().contains("name: cli_job") && export.stdout().contains("instances: \"2\"") || export.stdout().contains("instances: 2"), export.stdout());
        assertTrue(export.stdout().contains("CREATE OR REPLACE TEMPORARY VIEW doubled AS SELECT id * 2 AS id FROM numbers"), export.stdout());
        // The exported YAML applies again: same model, a new version.
        Path exported = work.resolve("exported.yaml");
        Files.writeString(exported, export.stdout(), StandardCharsets.UTF_8);
        Output reapply = sparkjobs(work, "apply", "-f", exported.toString(), "--server", server);
        assertTrue(reapply.stdout().contains("(version 2)"), reapply.toString());

        Output jobs = sparkjobs(work, "jobs", "--server", server);
        assertTrue(jobs.stdout().lines().anyMatch(line -> line.startsWith("cli_job")), jobs.toString());

        Output run = sparkjobs(work, "run", "cli_job", "--wait", "--server", server);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("SUCCEEDED"), run.toString());
        assertTrue(run.stderr().contains("[##############################] SUCCEEDED"), "a progress bar while the run is in flight: " + run.stderr());
        try (var connection = gateway.connect(); var statement = connection.createStatement(); var rs = statement.executeQuery("SELECT SUM(id) FROM cli_doubled")) {
            assertTrue(rs.next());
            assertEquals(90, rs.getLong(1));
        }
        Output runs = sparkjobs(work, "runs", "cli_job", "--server", server);
        assertTrue(runs.stdout().contains("SUCCEEDED") && runs.stdout().contains("(1 rows)"), runs.toString());

        Output bad = sparkjobs(work, "run", "no_such_job", "--server", server);
        assertTrue(bad.exitCode() != 0 && (bad.stderr() + bad.stdout()).contains("42704"), bad.toString());
    }

    private static Output sparkjobs(Path work, String... args)
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>();
        command.add(GatewayProcess.home().resolve("bin").resolve("sparkjobs").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "cli", ".out");
        Path err = Files.createTempFile(work, "cli", ".err");
        Process process = new ProcessBuilder(command).directory(GatewayProcess.home().toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bin/sparkjobs " + String.join(" ", args) + " did not finish in 3 minutes");
        }
        return new Output(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
