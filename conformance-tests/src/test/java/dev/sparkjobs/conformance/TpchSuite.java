package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sparkjobs.conformance.tpch.ResultComparison;
import dev.sparkjobs.bench.tpch.TpchData;
import dev.sparkjobs.bench.tpch.TpchQueries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TPC-H at scale factor 0.01 through the gateway, every answer checked against DuckDB, an
 * independent engine, loaded from the same generated files with the same types. The gateway reads
 * the files as CSV tables and copies them into Parquet tables (CTAS) in database {@value #DATABASE},
 * which the queries use; that load runs once per gateway, through the Flight SQL JDBC driver.
 *
 * <p>Each subclass is one client: it says how a query reaches the gateway ({@link #execute}), and
 * everything else (data, DuckDB, comparison, summary) is shared. The summary goes to
 * {@code target/tpch-summary-<client>.txt}.
 *
 * <p>Known gaps are data: a query listed in {@link #KNOWN_GAPS} must fail on the gateway with the
 * error named there; once it runs, its test fails and says to remove it from the list.
 */
@ExtendWith(SharedGateway.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TpchSuite
{
    static final double SCALE_FACTOR = 0.01;
    static final String DATABASE = "tpch";

    /** Query number → what its failure says today, and why. */
    private static final Map<Integer, KnownGap> KNOWN_GAPS = Map.of();

    private record KnownGap(String errorCondition, String sqlState, String reason) {}

    /** One line of the summary. */
    private record Outcome(String query, String status, int rows, long gatewayMillis, long duckDbMillis) {}

    /** A query's rows and the time the client took to get them. */
    record Timed<T>(T value, long millis) {}

    /** The gateway process whose {@code tpch} database is loaded, if any. */
    private static Long loadedGateway;
    private static Connection duckDb;

    private final List<Outcome> outcomes = new ArrayList<>();
    /** Whether this client was the first to run the queries on its gateway (see {@link #summarize}). */
    private boolean firstOnGateway;

    /** A short name of the client, for the summary. */
    abstract String client();

    /** Connects the client; called once, after the data is loaded. */
    abstract void open(GatewayProcess gateway)
            throws Exception;

    /** Runs one query's setup, the query (timed) and its teardown through the client. */
    abstract Timed<List<List<Object>>> execute(TpchQueries.Query query)
            throws Exception;

    /** Disconnects the client. */
    abstract void close()
            throws Exception;

    @BeforeAll
    void load(GatewayProcess process)
            throws Exception
    {
        firstOnGateway = load(process, TpchData.generate(SCALE_FACTOR, GatewayProcess.buildDirectory().resolve("tpch").resolve("sf" + SCALE_FACTOR)));
        open(process);
    }

    /** Loads the tables into the gateway unless they are there; true if they were loaded now. */
    private static synchronized boolean load(GatewayProcess process, List<TpchData.Table> tables)
            throws SQLException
    {
        boolean loading = loadedGateway == null || loadedGateway != process.pid();
        if (loading) {
            try (Connection gateway = process.connect(); Statement statement = gateway.createStatement()) {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
                statement.execute("USE " + DATABASE);
                for (TpchData.Table table : tables) {
                    statement.execute("DROP TABLE IF EXISTS " + table.name());
                    statement.execute("DROP TABLE IF EXISTS " + table.name() + "_csv");
                    statement.execute("CREATE TABLE " + table.name() + "_csv (" + table.sparkColumns() + ") USING csv OPTIONS ("
                            + "path '" + table.file().toAbsolutePath() + "', delimiter '|', header 'false', quote '', mode 'FAILFAST')");
                    statement.execute("CREATE TABLE " + table.name() + " USING parquet AS SELECT * FROM " + table.name() + "_csv");
                }
                for (TpchData.Table table : tables) {
                    assertEquals(table.rows(), count(gateway, table.name()), "rows of " + table.name() + " in the gateway");
                }
            }
            loadedGateway = process.pid();
        }
        if (duckDb == null) {
            duckDb = DriverManager.getConnection("jdbc:duckdb:");
            try (Statement statement = duckDb.createStatement()) {
                for (TpchData.Table table : tables) {
                    statement.execute("CREATE TABLE " + table.name() + " (" + table.duckDbColumns() + ")");
                    statement.execute("COPY " + table.name() + " FROM '" + table.file().toAbsolutePath() + "' (FORMAT csv, DELIMITER '|', HEADER false, QUOTE '', ESCAPE '')");
                }
            }
            for (TpchData.Table table : tables) {
                assertEquals(table.rows(), count(duckDb, table.name()), "rows of " + table.name() + " in DuckDB");
            }
        }
        return loading;
    }

    @AfterAll
    void summarize()
            throws Exception
    {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("TPC-H SF %s: gateway (Spark via %s) vs DuckDB", SCALE_FACTOR, client()));
        lines.add(String.format("%-5s %-10s %6s %10s %10s", "query", "status", "rows", "gateway ms", "duckdb ms"));
        long total = 0;
        for (Outcome outcome : outcomes) {
            lines.add(String.format("%-5s %-10s %6d %10d %10d", outcome.query(), outcome.status(), outcome.rows(), outcome.gatewayMillis(), outcome.duckDbMillis()));
            total += outcome.gatewayMillis();
        }
        lines.add(String.format("total gateway time %d ms", total));
        // The first client on a gateway pays for Spark compiling each query's code and for the JIT
        // warming up; the clients after it find both done. Compare clients run in the same place.
        lines.add(firstOnGateway
                ? "first client on this gateway: its times include Spark's first compilation of each query (cold)"
                : "not the first client on this gateway: each query had run before (warm)");
        lines.forEach(System.out::println);
        String file = "tpch-summary-" + client().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".txt";
        Files.write(GatewayProcess.buildDirectory().resolve(file), lines, StandardCharsets.UTF_8);
        close();
    }

    @TestFactory
    Stream<DynamicTest> queries()
    {
        return TpchQueries.all().stream().map(query -> DynamicTest.dynamicTest(query.name(), () -> run(query)));
    }

    private void run(TpchQueries.Query query)
            throws Exception
    {
        Timed<List<List<Object>>> expected = execute(duckDb, query);
        Timed<List<List<Object>>> actual;
        try {
            actual = execute(query);
        }
        catch (SQLException e) {
            KnownGap gap = KNOWN_GAPS.get(query.number());
            if (gap == null) {
                record(query, "ERROR", 0, 0, expected.millis());
                throw e;
            }
            record(query, "KNOWN GAP", 0, 0, expected.millis());
            assertTrue(e.getMessage().contains(gap.errorCondition()) && e.getMessage().contains(gap.sqlState()),
                    () -> query.name() + " is a known gap (" + gap.reason() + ") but now fails differently: " + e.getMessage());
            return;
        }
        Optional<String> difference = ResultComparison.difference(actual.value(), expected.value(), query.ordered());
        record(query, difference.isPresent() ? "DIFFERENT" : "OK", actual.value().size(), actual.millis(), expected.millis());
        difference.ifPresent(text -> fail(client() + ": " + query.name() + " differs from DuckDB: " + text));
        if (KNOWN_GAPS.containsKey(query.number())) {
            fail(query.name() + " now runs and matches DuckDB: remove it from TpchSuite.KNOWN_GAPS (" + KNOWN_GAPS.get(query.number()).reason() + ")");
        }
        assertTrue(!actual.value().isEmpty() || query.number() == 0, query.name() + " returned no rows, so it compared nothing");
    }

    /** Runs a query through a JDBC connection in this JVM, as DuckDB and the in-process clients do. */
    static Timed<List<List<Object>>> execute(Connection connection, TpchQueries.Query query)
            throws SQLException
    {
        try (Statement statement = connection.createStatement()) {
            for (String setup : query.setup()) {
                statement.execute(setup);
            }
            try {
                long start = System.nanoTime();
                List<List<Object>> rows;
                try (ResultSet result = statement.executeQuery(query.query())) {
                    rows = ResultComparison.rows(result);
                }
                return new Timed<>(rows, (System.nanoTime() - start) / 1_000_000);
            }
            finally {
                for (String teardown : query.teardown()) {
                    statement.execute(teardown);
                }
            }
        }
    }

    private void record(TpchQueries.Query query, String status, int rows, long gatewayMillis, long duckDbMillis)
    {
        Outcome outcome = new Outcome(query.name(), status, rows, gatewayMillis, duckDbMillis);
        outcomes.add(outcome);
        System.out.printf("%s %s %s rows=%d gateway=%d ms duckdb=%d ms%n", client(), outcome.query(), outcome.status(), rows, gatewayMillis, duckDbMillis);
    }

    static long count(Connection connection, String table)
            throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            assertTrue(result.next());
            return result.getLong(1);
        }
    }
}
