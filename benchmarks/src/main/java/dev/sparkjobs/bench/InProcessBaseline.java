package dev.sparkjobs.bench;

import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import dev.sparkjobs.pool.embedded.EmbeddedEngineConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.classic.SparkSession;

/**
 * The in-process side of P3, P4 and P6: one JVM on the gateway's classpath running Spark on an
 * engine started exactly as the gateway starts its own (the same {@link EmbeddedEngine}, the same
 * defaults), kept for the whole run as the gateway is, so that both sides of each comparison have
 * the same history (P4's baseline has run P3's queries before, as the shared gateway has). Started
 * by {@link BaselineProcess}:
 *
 * <pre>java ... dev.sparkjobs.bench.InProcessBaseline DATA_DIR</pre>
 *
 * It prints {@code READY} once Spark is up, then serves one request a line on standard input,
 * arguments separated by tabs, and answers each with one line, {@code OK result} or
 * {@code ERROR message} (the stack trace goes to standard error; it keeps serving):
 *
 * <ul>
 *   <li>{@code TPCH_LOAD scripts warmupRounds}: {@link InProcessTpch#load}, answers {@code OK}</li>
 *   <li>{@code TPCH scripts qNN}: one TPC-H query, answers {@code OK millis rows}</li>
 *   <li>{@code LATENCY warmups queries}: P4's small query, answers {@code OK n1,n2,...} (nanoseconds)</li>
 *   <li>{@code STREAM warmupInput input filesPerTrigger output}: P6's hand-written job, answers
 *       {@code OK rows,batchMillis,wallMillis,batches}</li>
 * </ul>
 *
 * It exits at the end of its input. Each request runs on a new session of the engine, as each
 * gateway client gets one (a TPC-H load and its queries share one: the tables are kept in the
 * catalog, the current database is the session's).
 */
public final class InProcessBaseline
{
    static final String READY = "READY";
    static final String OK = "OK";
    static final String ERROR = "ERROR";

    private InProcessBaseline() {}

    public static void main(String[] args)
    {
        if (args.length != 1) {
            System.err.println("usage: InProcessBaseline DATA_DIR");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        int status = 0;
        try (EmbeddedEngine engine = EmbeddedEngine.start(new EmbeddedEngineConfig(data, "local[*]", Map.of(), false))) {
            System.out.println(READY);
            System.out.flush();
            SparkSession tpch = engine.spark().newSession();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] request = line.split("\t");
                String answer;
                try {
                    answer = serve(engine, tpch, data, request);
                }
                catch (Exception | AssertionError e) {
                    System.err.println("request failed: " + line);
                    e.printStackTrace();
                    answer = ERROR + " " + String.valueOf(e).replace('\n', ' ');
                }
                System.out.println(answer);
                System.out.flush();
            }
        }
        catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // Spark leaves non-daemon threads behind after stop().
        System.exit(status);
    }

    private static String serve(EmbeddedEngine engine, SparkSession tpch, Path data, String[] request)
            throws Exception
    {
        switch (request[0]) {
            case "TPCH_LOAD":
                expect(request, 3);
                InProcessTpch.load(tpch, Path.of(request[1]), Integer.parseInt(request[2]));
                return OK;
            case "TPCH":
                expect(request, 3);
                long[] measured = InProcessTpch.run(tpch, Path.of(request[1]), request[2]);
                return OK + " " + measured[0] + " " + measured[1];
            case "LATENCY":
                expect(request, 3);
                long[] nanos = InProcessSpark.latencies(engine.spark().newSession(), Integer.parseInt(request[1]), Integer.parseInt(request[2]));
                return OK + " " + Arrays.stream(nanos).mapToObj(Long::toString).collect(Collectors.joining(","));
            case "STREAM":
                expect(request, 5);
                long[] streamed = StreamingBaseline.measure(engine, request[1], request[2], request[3], Path.of(request[4]));
                return OK + " " + Arrays.stream(streamed).mapToObj(Long::toString).collect(Collectors.joining(","));
            default:
                throw new IllegalArgumentException("unknown request " + request[0]);
        }
    }

    private static void expect(String[] request, int parts)
    {
        if (request.length != parts) {
            throw new IllegalArgumentException(request[0] + " takes " + (parts - 1) + " arguments, not " + (request.length - 1));
        }
    }
}
