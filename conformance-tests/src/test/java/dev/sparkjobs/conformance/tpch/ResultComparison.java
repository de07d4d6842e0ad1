package dev.sparkjobs.conformance.tpch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Compares the rows of two engines for the same query. Values are made engine-neutral first:
 * integers and decimals become BigDecimal (an integer with scale 0), floating point becomes
 * Double, dates LocalDate. Then:
 * <ul>
 * <li>two integers must be equal;</li>
 * <li>otherwise two numbers may differ by a relative {@value #RELATIVE_TOLERANCE}, or by half a
 *     unit in the last place of a decimal with a scale (an engine rounds a quotient or an average
 *     to its result scale, the other may keep a double);</li>
 * <li>dates, strings and everything else must be equal.</li>
 * </ul>
 * Rows compare in order when the query orders them, as multisets otherwise.
 */
public final class ResultComparison
{
    static final double RELATIVE_TOLERANCE = 1e-6;

    private ResultComparison() {}

    /** All rows of a result set, normalized. */
    public static List<List<Object>> rows(ResultSet result)
            throws SQLException
    {
        ResultSetMetaData metadata = result.getMetaData();
        List<List<Object>> rows = new ArrayList<>();
        while (result.next()) {
            List<Object> row = new ArrayList<>(metadata.getColumnCount());
            for (int column = 1; column <= metadata.getColumnCount(); column++) {
                row.add(normalize(result.getObject(column)));
            }
            rows.add(row);
        }
        return rows;
    }

    static Object normalize(Object value)
    {
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Float number) {
            return number.doubleValue();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime();
        }
        return value;
    }

    /** The first difference between the rows, or empty when they match. */
    public static Optional<String> difference(List<List<Object>> actual, List<List<Object>> expected, boolean ordered)
    {
        if (actual.size() != expected.size()) {
            return Optional.of("row count " + actual.size() + ", expected " + expected.size());
        }
        List<List<Object>> left = ordered ? actual : sorted(actual);
        List<List<Object>> right = ordered ? expected : sorted(expected);
        for (int i = 0; i < left.size(); i++) {
            List<Object> a = left.get(i);
            List<Object> b = right.get(i);
            if (a.size() != b.size()) {
                return Optional.of("row " + (i + 1) + " has " + a.size() + " columns, expected " + b.size());
            }
            for (int column = 0; column < a.size(); column++) {
                if (!same(a.get(column), b.get(column))) {
                    return Optional.of("row " + (i + 1) + " column " + (column + 1) + ": " + describe(a.get(column)) + ", expected " + describe(b.get(column))
                            + "\n  row:      " + a + "\n  expected: " + b);
                }
            }
        }
        return Optional.empty();
    }

    static boolean same(Object a, Object b)
    {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return sameNumber(x, y);
        }
        return a.equals(b);
    }

    private static boolean sameNumber(Number a, Number b)
    {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y && x.scale() <= 0 && y.scale() <= 0) {
            return x.compareTo(y) == 0;
        }
        BigDecimal x = toBigDecimal(a);
        BigDecimal y = toBigDecimal(b);
        if (x.compareTo(y) == 0) {
            return true;
        }
        double difference = x.subtract(y).abs().doubleValue();
        double magnitude = Math.max(x.abs().doubleValue(), y.abs().doubleValue());
        double tolerance = RELATIVE_TOLERANCE * magnitude;
        for (Number side : List.of(a, b)) {
            if (side instanceof BigDecimal decimal && decimal.scale() > 0) {
                tolerance = Math.max(tolerance, 0.5 * Math.pow(10, -decimal.scale()) * (1 + 1e-9));
            }
        }
        return difference <= tolerance;
    }

    private static BigDecimal toBigDecimal(Number number)
    {
        return number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.doubleValue(), MathContext.DECIMAL64);
    }

    /** Rows in a canonical order that tolerates the numeric differences allowed above. */
    private static List<List<Object>> sorted(List<List<Object>> rows)
    {
        return rows.stream().sorted(Comparator.comparing(ResultComparison::sortKey)).toList();
    }

    private static String sortKey(List<Object> row)
    {
        StringBuilder key = new StringBuilder();
        for (Object value : row) {
            if (value instanceof Number number) {
                key.append(String.format("%.5e", toBigDecimal(number).doubleValue()));
            }
            else {
                key.append(value);
            }
            key.append('\u0001');
        }
        return key.toString();
    }

    private static String describe(Object value)
    {
        return value == null ? "NULL" : value + " (" + value.getClass().getSimpleName() + ")";
    }
}
