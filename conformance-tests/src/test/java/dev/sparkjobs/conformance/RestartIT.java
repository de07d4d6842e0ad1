package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Tables outlive the gateway process: created and filled through one gateway, stopped with
 * SIGTERM, then read back through a new gateway process on the same data directory. This test
 * runs its own gateways, not the shared one.
 */
class RestartIT
{
    private static final String DATABASE = "restart_db";

    /** What each object must hold, as the query that reads it and its rows. */
    private static final Map<String, List<String>> EXPECTED = new TreeMap<>(Map.of(
            "SELECT id, name, CAST(day AS STRING), CAST(amount AS STRING) FROM " + DATABASE + ".events ORDER BY id",
            List.of("1|first|2024-01-01|10.50", "2|second|2024-02-29|-3.25", "3|NULL|NULL|NULL"),
            "SELECT name, CAST(total AS STRING) FROM " + DATABASE + ".totals ORDER BY name",
            List.of("first|10.50", "second|-3.25"),
            "SELECT id, name FROM " + DATABASE + ".recent ORDER BY id",
            List.of("2|second"),
            "SELECT code, label FROM " + DATABASE + ".codes ORDER BY code",
            List.of("1|one", "2|two")));

    @Test
    void tablesSurviveARestart()
            throws IOException, InterruptedException, SQLException
    {
        Path work = GatewayProcess.newWorkDirectory("restart");
        Path data = work.resolve("data");
        Path codes = work.resolve("codes.csv");
        Files.writeString(codes, "1,one\n2,two\n", StandardCharsets.UTF_8);

        long firstPid;
        GatewayProcess first = GatewayProcess.start(data, work.resolve("first"));
        try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
            firstPid = first.pid();
            statement.execute("CREATE DATABASE " + DATABASE);
            statement.execute("CREATE TABLE " + DATABASE + ".events (id BIGINT, name STRING, day DATE, amount DECIMAL(10,2)) USING parquet");
            assertEquals(2, statement.executeUpdate("INSERT INTO " + DATABASE + ".events VALUES "
                    + "(1, 'first', DATE '2024-01-01', 10.50), (2, 'second', DATE '2024-02-29', -3.25)"));
            assertEquals(1, statement.executeUpdate("INSERT INTO " + DATABASE + ".events VALUES (3, NULL, NULL, NULL)"));
            statement.execute("CREATE TABLE " + DATABASE + ".totals USING parquet AS "
                    + "SELECT name, sum(amount) AS total FROM " + DATABASE + ".events WHERE name IS NOT NULL GROUP BY name");
            statement.execute("CREATE VIEW " + DATABASE + ".recent AS SELECT id, name FROM " + DATABASE + ".events WHERE day > DATE '2024-02-01'");
            statement.execute("CREATE TABLE " + DATABASE + ".codes (code INT, label STRING) USING csv OPTIONS (path '" + codes + "', header 'false')");
            assertEquals(EXPECTED, read(connection), "before the restart");
        }
        // SIGTERM; stop() checks that the process exits by itself, cleanly, and frees its ports.
        first.stop();

        try (GatewayProcess second = GatewayProcess.start(data, work.resolve("second"));
                Connection connection = second.connect()) {
            assertNotEquals(firstPid, second.pid());
            assertEquals(EXPECTED, read(connection), "after the restart");
            try (ResultSet tables = connection.getMetaData().getTables(null, DATABASE, "%", null)) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString("TABLE_NAME") + ":" + tables.getString("TABLE_TYPE"));
                }
                assertEquals(List.of("codes:TABLE", "events:TABLE", "recent:VIEW", "totals:TABLE"), names.stream().sorted().toList());
            }
            // The restarted gateway writes too.
            try (Statement statement = connection.createStatement()) {
                assertEquals(1, statement.executeUpdate("INSERT INTO " + DATABASE + ".events VALUES (4, 'fourth', DATE '2024-03-01', 1.00)"));
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + DATABASE + ".events")) {
                    assertTrue(result.next());
                    assertEquals(4, result.getLong(1));
                }
            }
        }
    }

    private static Map<String, List<String>> read(Connection connection)
            throws SQLException
    {
        Map<String, List<String>> contents = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (String query : EXPECTED.keySet()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery(query)) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        List<String> values = new ArrayList<>();
                        for (int column = 1; column <= columns; column++) {
                            String value = result.getString(column);
                            values.add(value == null ? "NULL" : value);
                        }
                        rows.add(String.join("|", values));
                    }
                }
                contents.put(query, rows);
            }
        }
        return contents;
    }
}
