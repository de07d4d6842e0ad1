package dev.sparkjobs.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A result of three million rows streams through to the client whole and in order: every row is
 * checked against the formula that produced it, and the sums against closed forms.
 */
@ExtendWith(SharedGateway.class)
class LargeResultIT
{
    private static final long ROWS = 3_000_000;
    private static final LocalDate EPOCH = LocalDate.parse("2000-01-01");

    @Test
    void threeMillionRowsArriveWholeAndInOrder(GatewayProcess gateway)
            throws SQLException
    {
        String sql = "SELECT id, CAST(id AS STRING) AS text, id * 1.5D AS half_more, date_add(DATE '2000-01-01', CAST(id % 10000 AS INT)) AS day "
                + "FROM range(0, " + ROWS + ", 1, 8)";
        long start = System.nanoTime();
        long rows = 0;
        long idSum = 0;
        long textLengthSum = 0;
        try (Connection connection = gateway.connect(); Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                long id = result.getLong(1);
                if (id != rows) {
                    fail("row " + rows + " has id " + id + ": rows were lost, repeated or reordered");
                }
                String text = result.getString(2);
                if (!text.equals(Long.toString(id))) {
                    fail("row " + rows + ": text " + text);
                }
                if (result.getDouble(3) != id * 1.5) {
                    fail("row " + rows + ": id * 1.5 = " + result.getDouble(3));
                }
                if (rows % 997 == 0 && !result.getDate(4).toLocalDate().equals(EPOCH.plusDays(id % 10000))) {
                    fail("row " + rows + ": day " + result.getDate(4));
                }
                idSum += id;
                textLengthSum += text.length();
                rows++;
            }
        }
        long millis = Math.max(1, (System.nanoTime() - start) / 1_000_000);
        System.out.printf("large result: %d rows in %d ms (%d rows/s)%n", rows, millis, rows * 1000 / millis);
        assertEquals(ROWS, rows, "rows");
        assertEquals(ROWS * (ROWS - 1) / 2, idSum, "sum of ids");
        assertEquals(digitsOfAllNumbersBelow(ROWS), textLengthSum, "total length of the ids as text");
        assertTrue(millis < 10 * 60 * 1000);
    }

    /** The number of decimal digits written to print 0, 1, ..., n - 1. */
    static long digitsOfAllNumbersBelow(long n)
    {
        long total = 0;
        long low = 0;
        long high = 10;
        for (int digits = 1; low < n; digits++) {
            total += (Math.min(n, high) - low) * digits;
            low = high;
            high *= 10;
        }
        return total;
    }
}
