package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * beeline 3.1.3 ({@code org.apache.hive:hive-beeline}), the HiveServer2 shell, runs a script
 * against the gateway's binary door in a JVM of its own, as a user runs it: {@code beeline -u URL
 * -f script.sql}. Its classpath is the beeline jar, the stock Hive JDBC standalone jar and the few
 * libraries beeline needs beside it (the pom copies them to {@code target/beeline}); none of them
 * is on the tests' classpath.
 */
@ExtendWith(SharedGateway.class)
class BeelineIT
{
    private static final long TIMEOUT_MINUTES = 3;
    /** beeline's exit code when a statement of the script failed. */
    private static final int STATEMENT_FAILED = 2;
    private static final Pattern TABLE_ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*(\\d+)\\s*\\|$");

    @Test
    void runsAScriptAndShowsRowsProgressAndTheErrorWithItsSqlState(GatewayProcess gateway)
            throws Exception
    {
        Path work = GatewayProcess.newWorkDirectory("beeline");
        Path script = work.resolve("view-query-error.sql");
        try (InputStream resource = BeelineIT.class.getResourceAsStream("/beeline/view-query-error.sql")) {
            Files.copy(resource, script);
        }
        Path stdout = work.resolve("beeline.stdout.log");
        Path stderr = work.resolve("beeline.stderr.log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath(),
                "org.apache.hive.beeline.BeeLine",
                "-u", gateway.hiveUrl(),
                "-n", "beeline-user",
                "-f", script.toString());
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("beeline did not end within " + TIMEOUT_MINUTES + " minutes; see " + stderr);
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        String both = "\n--- stdout\n" + out + "\n--- stderr\n" + err;

        assertEquals(STATEMENT_FAILED, process.exitValue(), "beeline's exit code after the failing statement" + both);
        assertTrue(err.contains("Connected to: Spark SQL (version "), "beeline names the server it connected to" + both);
        assertTrue(err.contains("No rows affected"), "the view was created" + both);

        // The query's rows, as beeline's table prints them, in order.
        List<List<Long>> rows = new ArrayList<>();
        for (String line : out.lines().toList()) {
            Matcher row = TABLE_ROW.matcher(line.trim());
            if (row.matches()) {
                rows.add(List.of(Long.parseLong(row.group(1)), Long.parseLong(row.group(2))));
            }
        }
        assertEquals(List.of(List.of(1L, 1L), List.of(2L, 4L), List.of(3L, 9L), List.of(4L, 16L), List.of(5L, 25L)), rows, "rows printed" + both);
        assertTrue(out.lines().anyMatch(line -> line.matches("\\|\\s*id\\s*\\|\\s*square\\s*\\|")), "the column header" + both);
        assertTrue(err.contains("5 rows selected"), "beeline's row count" + both);

        // The operation log (FetchResults of fetch type 1) reaches beeline, which prints it as the statement runs.
        assertTrue(err.contains("Compiled: SELECT id, square FROM beeline_squares ORDER BY id"), "the operation log of the query" + both);

        // The failing statement: Spark's message, and the SQLSTATE beeline shows as (state=...,code=...).
        Matcher error = Pattern.compile("Error: (.*)\\(state=(\\w{5}),code=(-?\\d+)\\)").matcher(err);
        assertTrue(error.find(), "beeline prints the error with its SQLSTATE" + both);
        assertTrue(error.group(1).contains("no_such_column"), "the error names the column" + both);
        assertEquals("42703", error.group(2), "SQLSTATE of an unresolved column" + both);
    }

    /**
     * beeline's jar first, then the Hive JDBC standalone jar (its JDBC classes and the Hive and
     * Hadoop classes it bundles), then beeline's other libraries, the Hadoop client last: it only
     * fills in the Hadoop classes the standalone jar leaves out.
     */
    private static String classpath()
            throws IOException
    {
        String property = System.getProperty("beeline.directory");
        if (property == null || !Files.isDirectory(Path.of(property))) {
            throw new IllegalStateException("the beeline.directory property must name the directory the conformance pom copies beeline to, not " + property);
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(property))) {
            jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<String> entries = new ArrayList<>();
        jars.stream().filter(jar -> jar.getFileName().toString().startsWith("hive-beeline-")).forEach(jar -> entries.add(jar.toString()));
        assertEquals(1, entries.size(), "one hive-beeline jar in " + property);
        entries.add(HiveJdbc.jar().toString());
        jars.stream().filter(jar -> !jar.getFileName().toString().startsWith("hive-beeline-") && !jar.getFileName().toString().startsWith("hadoop-"))
                .forEach(jar -> entries.add(jar.toString()));
        jars.stream().filter(jar -> jar.getFileName().toString().startsWith("hadoop-")).forEach(jar -> entries.add(jar.toString()));
        return String.join(File.pathSeparator, entries);
    }
}
