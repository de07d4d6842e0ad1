package dev.sparkjobs.bench;

import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * P9's measurement: each statement of a file parsed by our Calcite parser
 * ({@link ExtendedSqlParser#parseStatements(String)}) and, where Spark's grammar has it, by
 * Spark's own ({@code CatalystSqlParser.parsePlan}), timed by JMH ({@link ParseJmh}) in
 * {@link Mode#SampleTime} mode, so that each statement and parser gives a distribution of single
 * parse times. Started by {@link ParseBenchmark} on the gateway's classpath (Spark and
 * sql-extensions, as the gateway has them, and JMH's jars):
 *
 * <pre>java ... dev.sparkjobs.bench.ParserTiming STATEMENTS_FILE WARMUP_ITERATIONS MEASUREMENT_ITERATIONS ITERATION_MICROS</pre>
 *
 * JMH runs through its Java API with {@code forks(0)}, in this JVM: this JVM already is one of its
 * own, started for P9 alone, so a fork per benchmark would only add JVM starts (and the
 * gateway's class path and flags would have to be handed on to each). One JMH run per statement
 * and parser, statement by statement, the parsers alternating which goes first, so that neither
 * always runs on a warmer JIT. JMH's own report goes to standard error (ParseBenchmark's log).
 *
 * <p>The file holds statements each after a line {@code -- @statement NAME KIND}, KIND being
 * {@code both} (both parsers) or {@code ours} (the extended grammar, which Spark cannot parse).
 * Each statement is parsed once by each parser first; a parser that refuses it is not measured.
 * Then every statement is parsed {@value #PRIMING_ROUNDS} times by each parser that reads it, so
 * that the JIT has seen all of them before JMH measures the first (JMH's own warm-up is per
 * statement and parser).
 * It prints, per statement and parser, {@code TIMING NAME PARSER N P50 P99 v1:c1,v2:c2,...} (the
 * number of timed parses, JMH's median and 99th percentile, and the histogram of the timed
 * parses as microseconds:count) or {@code REFUSED NAME PARSER message}, and exits.
 */
public final class ParserTiming
{
    static final String MARKER = "-- @statement ";
    static final String TIMING = "TIMING ";
    static final String REFUSED = "REFUSED ";
    static final String OURS = "calcite";
    static final String SPARK = "spark";
    /** Rounds of parsing every statement with each parser that reads it, before the first JMH run. */
    static final int PRIMING_ROUNDS = 10;
    /** JMH's Blackhole mode in a non-forked run: the Java blackhole, without compiler hints. */
    static final String BLACKHOLE_MODE = "FULL";

    private ParserTiming()
    {
    }

    record Statement(String name, boolean both, String sql) {}

    public static void main(String[] args)
            throws Exception
    {
        if (args.length != 4) {
            System.err.println("usage: ParserTiming STATEMENTS_FILE WARMUP_ITERATIONS MEASUREMENT_ITERATIONS ITERATION_MICROS");
            System.exit(2);
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        List<Statement> statements = read(file);
        int warmupIterations = Integer.parseInt(args[1]);
        int measurementIterations = Integer.parseInt(args[2]);
        TimeValue iterationTime = TimeValue.microseconds(Long.parseLong(args[3]));
        // ParseJmh reads the statements from here; with forks(0) it runs in this JVM.
        System.setProperty(ParseJmh.STATEMENTS_PROPERTY, file.toString());
        // JMH refuses to start while another JMH run on the machine holds its lock file; the
        // harness runs on busy machines anyway (it records the load), so P9 does too.
        System.setProperty("jmh.ignoreLock", "true");
        // Compiler blackholes need JVM flags that JMH gives only to the JVMs it forks; in this one
        // its Blackhole is the plain Java one, and this makes JMH's report say so.
        System.setProperty("jmh.blackhole.mode", BLACKHOLE_MODE);
        OutputFormat jmhReport = OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL);

        int count = statements.size();
        String[] oursRefused = new String[count];
        String[] sparkRefused = new String[count];
        for (int i = 0; i < count; i++) {
            Statement statement = statements.get(i);
            oursRefused[i] = refusal(() -> ExtendedSqlParser.parseStatements(statement.sql()));
            sparkRefused[i] = statement.both() ? refusal(() -> CatalystSqlParser$.MODULE$.parsePlan(statement.sql())) : null;
        }
        // JMH warms up each statement and parser on its own; with forks(0) the JIT's state carries
        // over from one run to the next, so a few rounds over every statement first keep the first
        // statements from being measured on a cold parser.
        for (int round = 0; round < PRIMING_ROUNDS; round++) {
            for (int i = 0; i < count; i++) {
                String sql = statements.get(i).sql();
                if (oursRefused[i] == null) {
                    ExtendedSqlParser.parseStatements(sql);
                }
                if (statements.get(i).both() && sparkRefused[i] == null) {
                    CatalystSqlParser$.MODULE$.parsePlan(sql);
                }
            }
        }
        for (int i = 0; i < count; i++) {
            Statement statement = statements.get(i);
            List<String> parsers = new ArrayList<>();
            if (oursRefused[i] == null) {
                parsers.add(OURS);
            }
            if (statement.both() && sparkRefused[i] == null) {
                // The parsers alternate which goes first, so that neither always runs on a warmer JIT.
                parsers.add((i & 1) == 0 ? parsers.size() : 0, SPARK);
            }
            for (String parser : parsers) {
                Options options = new OptionsBuilder()
                        .include("^" + Pattern.quote(ParseJmh.class.getName() + ".parse") + "$")
                        .param("statement", statement.name())
                        .param("parser", parser)
                        .mode(Mode.SampleTime)
                        .timeUnit(TimeUnit.MICROSECONDS)
                        .forks(0)
                        .threads(1)
                        .warmupIterations(warmupIterations)
                        .warmupTime(iterationTime)
                        .measurementIterations(measurementIterations)
                        .measurementTime(iterationTime)
                        .shouldFailOnError(true)
                        .build();
                RunResult result = new Runner(options, jmhReport).runSingle();
                System.out.println(TIMING + statement.name() + " " + parser + " " + timing(result.getPrimaryResult().getStatistics()));
            }
            if (oursRefused[i] != null) {
                printRefused(statement.name(), OURS, oursRefused[i]);
            }
            if (sparkRefused[i] != null) {
                printRefused(statement.name(), SPARK, sparkRefused[i]);
            }
            System.out.flush();
        }
        System.exit(0);
    }

    /** {@code N P50 P99 v1:c1,v2:c2,...}: JMH's sampled parse times, in microseconds. */
    private static String timing(Statistics statistics)
    {
        StringBuilder histogram = new StringBuilder();
        for (Iterator<Map.Entry<Double, Long>> entries = statistics.getRawData(); entries.hasNext(); ) {
            Map.Entry<Double, Long> entry = entries.next();
            if (entry.getValue() == 0) {
                continue;
            }
            if (histogram.length() > 0) {
                histogram.append(',');
            }
            histogram.append(entry.getKey()).append(':').append(entry.getValue());
        }
        return statistics.getN() + " " + statistics.getPercentile(50.0) + " " + statistics.getPercentile(99.0) + " " + histogram;
    }

    private static void printRefused(String name, String parser, String refused)
    {
        System.out.println(REFUSED + name + " " + parser + " " + refused.replaceAll("\\s+", " "));
    }

    private interface Parse
    {
        void run()
                throws Exception;
    }

    /** Null when the statement parses; otherwise why not. */
    private static String refusal(Parse parse)
    {
        try {
            parse.run();
            return null;
        }
        catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return message.length() > 200 ? message.substring(0, 200) : message;
        }
    }

    static List<Statement> read(Path file)
            throws IOException
    {
        List<Statement> statements = new ArrayList<>();
        String name = null;
        boolean both = false;
        StringBuilder sql = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith(MARKER)) {
                if (name != null) {
                    statements.add(new Statement(name, both, sql.toString().strip()));
                }
                String[] parts = line.substring(MARKER.length()).trim().split("\\s+");
                name = parts[0];
                both = parts[1].equals("both");
                sql.setLength(0);
            }
            else {
                sql.append(line).append('\n');
            }
        }
        if (name != null) {
            statements.add(new Statement(name, both, sql.toString().strip()));
        }
        return statements;
    }
}
