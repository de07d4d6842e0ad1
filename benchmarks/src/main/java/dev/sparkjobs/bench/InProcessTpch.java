package dev.sparkjobs.bench;

import dev.sparkjobs.sql.CalciteFrontDoor;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.classic.SparkSession;

/**
 * P3's baseline: the TPC-H statements run as {@code spark.sql(...).collect()} in the run's
 * {@link InProcessBaseline} JVM, on an engine started exactly as the gateway starts its own.
 * {@code SCRIPT_DIR/load.sql} runs first, then the uncounted rounds of every {@code qNN.sql}
 * (statements separated by a line holding only {@code ;}, the last of which is the query); then
 * the benchmark names the queries one at a time, so that it can interleave them with the
 * gateway's. A statement Spark's parser refuses runs as the front door's Spark translation, as the
 * gateway does (TPC-H q6's {@code DECIMAL '0.06'}).
 */
final class InProcessTpch
{
    private InProcessTpch() {}

    /** Loads the tables and runs the uncounted rounds. */
    static void load(SparkSession session, Path scripts, int warmupRounds)
            throws IOException
    {
        for (String statement : statements(scripts.resolve("load.sql"))) {
            run(session, statement);
        }
        List<Path> queries;
        try (var files = Files.list(scripts)) {
            queries = files.filter(file -> file.getFileName().toString().matches("q\\d+\\.sql")).sorted().toList();
        }
        for (int round = 0; round < warmupRounds; round++) {
            for (Path file : queries) {
                for (String statement : statements(file)) {
                    run(session, statement);
                }
            }
        }
    }

    /** Runs one query's statements: milliseconds in all, rows of its last statement. */
    static long[] run(SparkSession session, Path scripts, String name)
            throws IOException
    {
        List<String> statements = statements(scripts.resolve(name.strip() + ".sql"));
        long started = System.nanoTime();
        long rows = 0;
        for (String statement : statements) {
            rows = run(session, statement);
        }
        return new long[] {(System.nanoTime() - started) / 1_000_000, rows};
    }

    static List<String> statements(Path file)
            throws IOException
    {
        return List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n;\n")).stream()
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    private static long run(SparkSession session, String statement)
    {
        try {
            return Array.getLength(session.sql(statement).collect());
        }
        catch (Exception e) {
            // Spark's ParseException is a checked exception thrown from Scala.
            Optional<String> translated = new CalciteFrontDoor().translateForSpark(statement);
            if (translated.isEmpty()) {
                throw new IllegalStateException("Spark refused: " + statement, e);
            }
            return Array.getLength(session.sql(translated.get()).collect());
        }
    }
}
