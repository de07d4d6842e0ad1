package dev.sparkjobs.bench;

import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * P9's micro-benchmark: one statement parsed by one parser, timed by JMH. {@link ParserTiming}
 * runs it once per statement and parser, setting both parameters; the statement's text comes from
 * the statements file {@link ParseBenchmark} writes, named by the system property
 * {@value #STATEMENTS_PROPERTY}. The parse result is returned, so JMH consumes it and the parse
 * cannot be optimised away.
 *
 * <p>Not final and public, with public parameter fields: JMH's generated harness classes extend
 * it and set its parameters.
 */
@State(Scope.Benchmark)
public class ParseJmh
{
    /** The system property with the path of the statements file ({@link ParserTiming}'s format). */
    public static final String STATEMENTS_PROPERTY = "sparkjobs.bench.parse.statements";

    /** The statement's name in the statements file, e.g. {@code tpch-q1} or {@code grammar-01}. */
    @Param("tpch-q1")
    public String statement;

    /** {@value ParserTiming#OURS} (ours, {@code ExtendedSqlParser.parseStatements}) or {@value ParserTiming#SPARK} ({@code CatalystSqlParser.parsePlan}). */
    @Param({ParserTiming.OURS, ParserTiming.SPARK})
    public String parser;

    private String sql;
    private boolean ours;

    @Setup
    public void setUp()
            throws IOException
    {
        String file = System.getProperty(STATEMENTS_PROPERTY);
        if (file == null) {
            throw new IllegalStateException("system property " + STATEMENTS_PROPERTY + " is not set");
        }
        sql = ParserTiming.read(Path.of(file)).stream()
                .filter(candidate -> candidate.name().equals(statement))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no statement " + statement + " in " + file))
                .sql();
        if (parser.equals(ParserTiming.OURS)) {
            ours = true;
        }
        else if (parser.equals(ParserTiming.SPARK)) {
            ours = false;
        }
        else {
            throw new IllegalArgumentException("unknown parser: " + parser);
        }
    }

    @Benchmark
    public Object parse()
            throws Exception
    {
        if (ours) {
            return ExtendedSqlParser.parseStatements(sql);
        }
        return CatalystSqlParser$.MODULE$.parsePlan(sql);
    }
}
