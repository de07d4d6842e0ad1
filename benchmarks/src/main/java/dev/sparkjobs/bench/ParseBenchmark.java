package dev.sparkjobs.bench;

import dev.sparkjobs.sql.parser.GrammarExamples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import joptsimple.OptionParser;
import org.apache.commons.math3.util.FastMath;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.util.Version;

/**
 * P9: parse time of the 22 TPC-H queries with our Calcite parser (the extended grammar) against
 * Spark's own parser on the same texts, and of GRAMMAR.md's statements with ours alone (Spark's
 * grammar has none of them). Both parsers run in one JVM of their own on the gateway's classpath
 * ({@link ParserTiming}), timed by JMH ({@link ParseJmh}, sample-time mode) statement by
 * statement.
 */
final class ParseBenchmark
        implements Benchmark
{
    private static final String HEAP = "1g";
    private static final int WARMUP_ITERATIONS = 1;
    private static final int MEASUREMENT_ITERATIONS = 2;

    private final int measuredMillis;

    /**
     * @param measuredMillis JMH's measurement time per statement and parser, split over
     *        {@value #MEASUREMENT_ITERATIONS} iterations, after {@value #WARMUP_ITERATIONS} warm-up
     *        iteration as long as one of them
     */
    ParseBenchmark(int measuredMillis)
    {
        if (measuredMillis <= 0) {
            throw new IllegalArgumentException("measuredMillis must be positive");
        }
        this.measuredMillis = measuredMillis;
    }

    @Override
    public String id()
    {
        return "P9";
    }

    @Override
    public String what()
    {
        return "parse: 22 TPC-H queries, GRAMMAR.md examples (Calcite)";
    }

    @Override
    public String comparedWith()
    {
        return "Spark's own parser on the same text";
    }

    @Override
    public String goal()
    {
        return "report";
    }

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        Path directory = context.workDirectory().resolve("parse");
        Files.createDirectories(directory);
        Path statements = directory.resolve("statements.sql");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 22; i++) {
            text.append(ParserTiming.MARKER).append("tpch-q").append(i).append(" both\n").append(tpch(i)).append('\n');
        }
        for (int i = 0; i < GrammarExamples.STATEMENTS.size(); i++) {
            text.append(ParserTiming.MARKER).append(String.format(Locale.ROOT, "grammar-%02d", i + 1)).append(" ours\n")
                    .append(GrammarExamples.STATEMENTS.get(i)).append('\n');
        }
        Files.writeString(statements, text);

        Path log = directory.resolve("parser-timing.log");
        long iterationMicros = Math.max(1, measuredMillis * 1000L / MEASUREMENT_ITERATIONS);
        // JMH's jars (jmh-core, jopt-simple, commons-math3) join the gateway's class path after it.
        List<String> command = JavaCommand.onGatewayClasspath(context.settings().home(), HEAP, ParserTiming.class,
                List.of(Runner.class, OptionParser.class, FastMath.class),
                List.of(statements.toString(), Integer.toString(WARMUP_ITERATIONS), Integer.toString(MEASUREMENT_ITERATIONS), Long.toString(iterationMicros)));
        context.log("P9: both parsers in a JVM of their own under JMH %s, per statement and parser %d warm-up and %d measured iterations of %.1f ms (log %s)",
                Version.getPlainVersion(), WARMUP_ITERATIONS, MEASUREMENT_ITERATIONS, iterationMicros / 1e3, log);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(log.toFile()).start();
        Map<String, Timing> timings = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(ParserTiming.TIMING)) {
                    String[] parts = line.substring(ParserTiming.TIMING.length()).split(" ", 3);
                    timings.put(parts[0] + " " + parts[1], Timing.parse(parts[2]));
                }
                else if (line.startsWith(ParserTiming.REFUSED)) {
                    String[] parts = line.substring(ParserTiming.REFUSED.length()).split(" ", 3);
                    refused.put(parts[0] + " " + parts[1], parts.length > 2 ? parts[2] : "");
                }
            }
        }
        finally {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException("the parser timing failed (exit " + exit + "); see " + log);
        }
        if (timings.isEmpty()) {
            throw new IOException("the parser timing reported nothing; see " + log);
        }
        return figure(timings, refused, iterationMicros);
    }

    /**
     * One statement and parser as JMH sampled it, in microseconds: the number of timed parses,
     * JMH's median and 99th percentile, and the histogram of the timed parses.
     */
    record Timing(long samples, double p50, double p99, double[] values, long[] counts)
    {
        /** Reads {@code N P50 P99 v1:c1,v2:c2,...} as {@link ParserTiming} prints it. */
        static Timing parse(String text)
        {
            String[] parts = text.split(" ");
            String[] entries = parts.length > 3 && !parts[3].isEmpty() ? parts[3].split(",") : new String[0];
            double[] values = new double[entries.length];
            long[] counts = new long[entries.length];
            for (int i = 0; i < entries.length; i++) {
                int colon = entries[i].lastIndexOf(':');
                values[i] = Double.parseDouble(entries[i].substring(0, colon));
                counts[i] = Long.parseLong(entries[i].substring(colon + 1));
            }
            return new Timing(Long.parseLong(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]), values, counts);
        }
    }

    private Figure figure(Map<String, Timing> timings, Map<String, String> refused, long iterationMicros)
    {
        // TPC-H: only queries both parsers read are compared.
        List<Timing> oursTpch = new ArrayList<>();
        List<Timing> sparkTpch = new ArrayList<>();
        List<Timing> oursGrammar = new ArrayList<>();
        List<Map<String, Object>> perStatement = new ArrayList<>();
        double oursTotal = 0;
        double sparkTotal = 0;
        for (int i = 1; i <= 22; i++) {
            String name = "tpch-q" + i;
            Timing ours = timings.get(name + " " + ParserTiming.OURS);
            Timing spark = timings.get(name + " " + ParserTiming.SPARK);
            perStatement.add(statementRow(name, ours, spark));
            if (ours != null && spark != null) {
                oursTpch.add(ours);
                sparkTpch.add(spark);
                oursTotal += ours.p50();
                sparkTotal += spark.p50();
            }
        }
        for (int i = 1; i <= GrammarExamples.STATEMENTS.size(); i++) {
            String name = String.format(Locale.ROOT, "grammar-%02d", i);
            Timing ours = timings.get(name + " " + ParserTiming.OURS);
            perStatement.add(statementRow(name, ours, null));
            if (ours != null) {
                oursGrammar.add(ours);
            }
        }
        if (oursTpch.isEmpty()) {
            throw new IllegalStateException("no TPC-H query was parsed by both parsers: " + refused);
        }
        Pooled oursPooled = Pooled.of(oursTpch);
        Pooled sparkPooled = Pooled.of(sparkTpch);
        double ratio = oursTotal / sparkTotal;

        Map<String, Object> jmh = new LinkedHashMap<>();
        jmh.put("version", Version.getPlainVersion());
        jmh.put("mode", "SampleTime");
        jmh.put("forks", 0);
        jmh.put("threads", 1);
        jmh.put("blackholeMode", ParserTiming.BLACKHOLE_MODE);
        jmh.put("warmupIterations", WARMUP_ITERATIONS);
        jmh.put("measurementIterations", MEASUREMENT_ITERATIONS);
        jmh.put("iterationMillis", iterationMicros / 1e3);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("primingRounds", ParserTiming.PRIMING_ROUNDS);
        details.put("jmh", jmh);
        details.put("measuredMillis", measuredMillis);
        details.put("unit", "microseconds per parse");
        details.put("ratio", ratio);
        details.put("tpchComparedQueries", oursTpch.size());
        details.put("tpchCalcite", summary(oursPooled, oursTotal));
        details.put("tpchSpark", summary(sparkPooled, sparkTotal));
        String grammarMeasured = "no grammar example parsed";
        if (!oursGrammar.isEmpty()) {
            Pooled grammarPooled = Pooled.of(oursGrammar);
            details.put("grammarCalcite", summary(grammarPooled, Double.NaN));
            grammarMeasured = String.format(Locale.ROOT, "%d GRAMMAR.md examples p50 %.0f us, p99 %.0f us", oursGrammar.size(),
                    grammarPooled.quantile(0.50), grammarPooled.quantile(0.99));
        }
        details.put("refused", refused);
        details.put("statements", perStatement);
        details.put("validated", false);

        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "P9: measured with JMH %s in sample-time mode (single parses timed), forks 0 (in the one JVM ParserTiming runs in, "
                        + "on the gateway's classpath), 1 thread; after %d rounds of parsing every statement to warm the JIT, per statement and parser "
                        + "%d warm-up and %d measured iterations of %.1f ms, statement by statement, the parsers alternating which goes first; "
                        + "p50/p99 over the timed parses of all statements with each statement weighted alike; the ratio is the sum of the per-statement medians, "
                        + "Calcite / Spark (CatalystSqlParser.parsePlan), over the TPC-H queries both parse.",
                Version.getPlainVersion(), ParserTiming.PRIMING_ROUNDS, WARMUP_ITERATIONS, MEASUREMENT_ITERATIONS, iterationMicros / 1e3));
        notes.add("P9: parse only, no validation: the extended statements have no Calcite validator (the planner binds names through Spark's catalog), "
                + "and Spark's analysis needs the tables; validation is not measured on either side.");
        if (!refused.isEmpty()) {
            notes.add("P9: refused (left out of the figures): " + refused);
        }
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "Calcite: TPC-H p50 %.0f us, p99 %.0f us (%d queries both parse: %.1f ms); %s",
                        oursPooled.quantile(0.50), oursPooled.quantile(0.99), oursTpch.size(), oursTotal / 1e3, grammarMeasured),
                String.format(Locale.ROOT, "Spark: TPC-H p50 %.0f us, p99 %.0f us (%d queries: %.1f ms)",
                        sparkPooled.quantile(0.50), sparkPooled.quantile(0.99), sparkTpch.size(), sparkTotal / 1e3),
                OptionalDouble.of(ratio), goal(), Verdict.REPORTED, notes, details);
    }

    private static Map<String, Object> statementRow(String name, Timing ours, Timing spark)
    {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        if (ours != null) {
            row.put("calciteP50", ours.p50());
            row.put("calciteP99", ours.p99());
            row.put("calciteSamples", ours.samples());
        }
        if (spark != null) {
            row.put("sparkP50", spark.p50());
            row.put("sparkP99", spark.p99());
            row.put("sparkSamples", spark.samples());
        }
        return row;
    }

    private static Map<String, Object> summary(Pooled pooled, double sumOfMedians)
    {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("p50", pooled.quantile(0.50));
        summary.put("p90", pooled.quantile(0.90));
        summary.put("p99", pooled.quantile(0.99));
        summary.put("max", pooled.max());
        summary.put("samples", pooled.samples());
        if (!Double.isNaN(sumOfMedians)) {
            summary.put("sumOfMedians", sumOfMedians);
        }
        return summary;
    }

    /**
     * The timed parses of several statements pooled, each statement weighted alike whatever its
     * number of samples (in a fixed time JMH times more parses of a short statement than of a
     * long one), so that a pooled quantile means what it meant when every statement was parsed
     * equally often.
     */
    private record Pooled(double[] values, double[] weights, long samples)
    {
        static Pooled of(List<Timing> timings)
        {
            List<double[]> entries = new ArrayList<>();
            long samples = 0;
            for (Timing timing : timings) {
                long total = Arrays.stream(timing.counts()).sum();
                for (int i = 0; i < timing.values().length; i++) {
                    entries.add(new double[] {timing.values()[i], (double) timing.counts()[i] / total});
                }
                samples += total;
            }
            if (entries.isEmpty()) {
                throw new IllegalStateException("no timed parses");
            }
            entries.sort(Comparator.comparingDouble(entry -> entry[0]));
            double[] values = new double[entries.size()];
            double[] weights = new double[entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                values[i] = entries.get(i)[0];
                weights[i] = entries.get(i)[1];
            }
            return new Pooled(values, weights, samples);
        }

        /** The smallest value with at least {@code q} (0..1) of the total weight at or below it. */
        double quantile(double q)
        {
            double target = q * Arrays.stream(weights).sum();
            double cumulative = 0;
            for (int i = 0; i < values.length; i++) {
                cumulative += weights[i];
                if (cumulative >= target) {
                    return values[i];
                }
            }
            return values[values.length - 1];
        }

        double max()
        {
            return values[values.length - 1];
        }
    }

    /** TPC-H query {@code number} as io.trino.tpch:tpch ships it (io/trino/tpch/queries/qN.sql). */
    static String tpch(int number)
            throws IOException
    {
        String resource = "/io/trino/tpch/queries/q" + number + ".sql";
        try (InputStream in = ParseBenchmark.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing " + resource + ": io.trino.tpch:tpch is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
