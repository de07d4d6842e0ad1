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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * P9: parse time of the 22 TPC-H queries with our Calcite parser (the extended grammar) against
 * Spark's own parser on the same texts, and of GRAMMAR.md's statements with ours alone (Spark's
 * grammar has none of them). Both parsers run in one JVM of their own on the gateway's classpath
 * ({@link ParserTiming}), interleaved statement by statement.
 */
final class ParseBenchmark
        implements Benchmark
{
    private static final String HEAP = "1g";

    private final int iterations;

    ParseBenchmark(int iterations)
    {
        this.iterations = iterations;
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
        int warmups = iterations;
        List<String> command = JavaCommand.onGatewayClasspath(context.settings().home(), HEAP, ParserTiming.class,
                List.of(statements.toString(), Integer.toString(warmups), Integer.toString(iterations)));
        context.log("P9: both parsers in a JVM of their own, %d warm-up and %d measured parses per statement (log %s)", warmups, iterations, log);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectError(log.toFile()).start();
        Map<String, double[]> timings = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(ParserTiming.TIMING)) {
                    String[] parts = line.substring(ParserTiming.TIMING.length()).split(" ", 3);
                    timings.put(parts[0] + " " + parts[1], Arrays.stream(parts[2].split(",")).mapToDouble(nanos -> Long.parseLong(nanos) / 1e3).toArray());
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
        if (timings.isEmpty()) {
            throw new IOException("the parser timing reported nothing; see " + log);
        }
        return figure(timings, refused, warmups);
    }

    private Figure figure(Map<String, double[]> timings, Map<String, String> refused, int warmups)
    {
        // TPC-H: only queries both parsers read are compared.
        List<double[]> oursTpch = new ArrayList<>();
        List<double[]> sparkTpch = new ArrayList<>();
        List<double[]> oursGrammar = new ArrayList<>();
        List<Map<String, Object>> perStatement = new ArrayList<>();
        double oursTotal = 0;
        double sparkTotal = 0;
        for (int i = 1; i <= 22; i++) {
            String name = "tpch-q" + i;
            double[] ours = timings.get(name + " " + ParserTiming.OURS);
            double[] spark = timings.get(name + " " + ParserTiming.SPARK);
            Map<String, Object> row = statementRow(name, ours, spark);
            perStatement.add(row);
            if (ours != null && spark != null) {
                oursTpch.add(ours);
                sparkTpch.add(spark);
                oursTotal += Stats.quantile(Stats.sorted(ours), 0.50);
                sparkTotal += Stats.quantile(Stats.sorted(spark), 0.50);
            }
        }
        for (int i = 1; i <= GrammarExamples.STATEMENTS.size(); i++) {
            String name = String.format(Locale.ROOT, "grammar-%02d", i);
            double[] ours = timings.get(name + " " + ParserTiming.OURS);
            perStatement.add(statementRow(name, ours, null));
            if (ours != null) {
                oursGrammar.add(ours);
            }
        }
        if (oursTpch.isEmpty()) {
            throw new IllegalStateException("no TPC-H query was parsed by both parsers: " + refused);
        }
        double[] oursPooled = Stats.sorted(pool(oursTpch));
        double[] sparkPooled = Stats.sorted(pool(sparkTpch));
        double ratio = oursTotal / sparkTotal;

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("warmups", warmups);
        details.put("iterations", iterations);
        details.put("unit", "microseconds per parse");
        details.put("ratio", ratio);
        details.put("tpchComparedQueries", oursTpch.size());
        details.put("tpchCalcite", summary(oursPooled, oursTotal));
        details.put("tpchSpark", summary(sparkPooled, sparkTotal));
        String grammarMeasured = "no grammar example parsed";
        if (!oursGrammar.isEmpty()) {
            double[] grammarPooled = Stats.sorted(pool(oursGrammar));
            details.put("grammarCalcite", summary(grammarPooled, Double.NaN));
            grammarMeasured = String.format(Locale.ROOT, "%d GRAMMAR.md examples p50 %.0f us, p99 %.0f us", oursGrammar.size(),
                    Stats.quantile(grammarPooled, 0.50), Stats.quantile(grammarPooled, 0.99));
        }
        details.put("refused", refused);
        details.put("statements", perStatement);
        details.put("validated", false);

        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "P9: each statement parsed %d times by each parser after %d warm-up parses, the parsers interleaved statement by statement "
                + "in one JVM on the gateway's classpath; p50/p99 over every parse of every statement; the ratio is the sum of the per-statement medians, "
                + "Calcite / Spark (CatalystSqlParser.parsePlan), over the TPC-H queries both parse.", iterations, warmups));
        notes.add("P9: parse only, no validation: the extended statements have no Calcite validator (the planner binds names through Spark's catalog), "
                + "and Spark's analysis needs the tables; validation is not measured on either side.");
        if (!refused.isEmpty()) {
            notes.add("P9: refused (left out of the figures): " + refused);
        }
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "Calcite: TPC-H p50 %.0f us, p99 %.0f us (%d queries both parse: %.1f ms); %s",
                        Stats.quantile(oursPooled, 0.50), Stats.quantile(oursPooled, 0.99), oursTpch.size(), oursTotal / 1e3, grammarMeasured),
                String.format(Locale.ROOT, "Spark: TPC-H p50 %.0f us, p99 %.0f us (%d queries: %.1f ms)",
                        Stats.quantile(sparkPooled, 0.50), Stats.quantile(sparkPooled, 0.99), sparkTpch.size(), sparkTotal / 1e3),
                OptionalDouble.of(ratio), goal(), Verdict.REPORTED, notes, details);
    }

    private static Map<String, Object> statementRow(String name, double[] ours, double[] spark)
    {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", name);
        if (ours != null) {
            double[] sorted = Stats.sorted(ours);
            row.put("calciteP50", Stats.quantile(sorted, 0.50));
            row.put("calciteP99", Stats.quantile(sorted, 0.99));
        }
        if (spark != null) {
            double[] sorted = Stats.sorted(spark);
            row.put("sparkP50", Stats.quantile(sorted, 0.50));
            row.put("sparkP99", Stats.quantile(sorted, 0.99));
        }
        return row;
    }

    private static Map<String, Object> summary(double[] pooled, double sumOfMedians)
    {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("p50", Stats.quantile(pooled, 0.50));
        summary.put("p90", Stats.quantile(pooled, 0.90));
        summary.put("p99", Stats.quantile(pooled, 0.99));
        summary.put("max", pooled[pooled.length - 1]);
        if (!Double.isNaN(sumOfMedians)) {
            summary.put("sumOfMedians", sumOfMedians);
        }
        return summary;
    }

    private static double[] pool(List<double[]> samples)
    {
        return samples.stream().flatMapToDouble(Arrays::stream).toArray();
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
