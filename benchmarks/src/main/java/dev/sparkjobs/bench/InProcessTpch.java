package dev.sparkjobs.bench;

import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import dev.sparkjobs.pool.embedded.EmbeddedEngineConfig;
import dev.sparkjobs.sql.CalciteFrontDoor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.classic.SparkSession;

/**
 * P3's baseline: the TPC-H statements run as {@code spark.sql(...).collect()} in a JVM of its own
 * on an engine started exactly as the gateway starts its own. Started by {@link TpchBenchmark} on
 * the gateway's classpath:
 *
 * <pre>java ... dev.sparkjobs.bench.InProcessTpch DATA_DIR SCRIPT_DIR WARMUP_ROUNDS</pre>
 *
 * {@code SCRIPT_DIR/load.sql} runs first; then {@code WARMUP_ROUNDS} uncounted rounds of every
 * {@code qNN.sql} (statements separated by a line holding only {@code ;}, the last of which is the
 * query). A statement Spark's parser refuses runs as the front door's Spark translation, as the
 * gateway does (TPC-H q6's {@code DECIMAL '0.06'}). Then it prints {@code READY} and runs the
 * queries its standard input names, one name ({@code qNN}) a line, so that the benchmark can
 * interleave them with the gateway's: {@code QUERY qNN MILLIS ROWS} for each. It exits at the end
 * of its input.
 */
public final class InProcessTpch
{
    static final String QUERY = "QUERY ";
    static final String READY = "READY";

    private InProcessTpch() {}

    public static void main(String[] args)
            throws Exception
    {
        if (args.length != 3) {
            System.err.println("usage: InProcessTpch DATA_DIR SCRIPT_DIR WARMUP_ROUNDS");
            System.exit(2);
        }
        Path scripts = Path.of(args[1]);
        int status = 0;
        try (EmbeddedEngine engine = EmbeddedEngine.start(new EmbeddedEngineConfig(Path.of(args[0]), "local[*]", Map.of(), false))) {
            SparkSession session = engine.spark().newSession();
            for (String statement : statements(scripts.resolve("load.sql"))) {
                run(session, statement);
            }
            List<Path> queries;
            try (var files = Files.list(scripts)) {
                queries = files.filter(file -> file.getFileName().toString().matches("q\\d+\\.sql")).sorted().toList();
            }
            for (int round = 0; round < Integer.parseInt(args[2]); round++) {
                for (Path file : queries) {
                    for (String statement : statements(file)) {
                        run(session, statement);
                    }
                }
            }
            System.out.println(READY);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String name = in.readLine(); name != null; name = in.readLine()) {
                List<String> statements = statements(scripts.resolve(name.strip() + ".sql"));
                long started = System.nanoTime();
                long rows = 0;
                for (String statement : statements) {
                    rows = run(session, statement);
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                System.out.println(QUERY + name.strip() + " " + millis + " " + rows);
                System.out.flush();
            }
        }
        catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    static List<String> statements(Path file)
            throws java.io.IOException
    {
        return List.of(Files.readString(file, StandardCharsets.UTF_8).split("\n;\n")).stream()
                .map(String::strip)
                .filter(statement -> !statement.isEmpty())
                .toList();
    }

    private static long run(SparkSession session, String statement)
    {
        try {
            return java.lang.reflect.Array.getLength(session.sql(statement).collect());
        }
        catch (Exception e) {
            // Spark's ParseException is a checked exception thrown from Scala.
            Optional<String> translated = new CalciteFrontDoor().translateForSpark(statement);
            if (translated.isEmpty()) {
                throw new IllegalStateException("Spark refused: " + statement, e);
            }
            return java.lang.reflect.Array.getLength(session.sql(translated.get()).collect());
        }
    }
}
