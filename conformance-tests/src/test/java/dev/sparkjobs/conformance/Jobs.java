package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers for the jobs tests: rows as maps, waits on system tables. */
final class Jobs
{
    private Jobs() {}

    static List<Map<String, String>> rows(Statement statement, String sql)
            throws SQLException
    {
        try (ResultSet rs = statement.executeQuery(sql)) {
            List<Map<String, String>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    static String scalar(Statement statement, String sql)
            throws SQLException
    {
        List<Map<String, String>> rows = rows(statement, sql);
        assertEquals(1, rows.size(), sql + " gave " + rows);
        return rows.get(0).values().iterator().next();
    }

    /** The next whole minute, UTC: when a '* * * * *' schedule fires next. */
    static Instant nextMinute(Instant now)
    {
        return now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    }

    /** A logical date as system tables print it through JDBC (UTC). */
    static String sqlTimestamp(Instant instant)
    {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(instant.atOffset(ZoneOffset.UTC));
    }
}
