package dev.sparkjobs.conformance.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The oracle comparison tells real differences from engine rounding. */
class ResultComparisonTest
{
    @Test
    void integersMustBeEqual()
    {
        assertTrue(ResultComparison.same(ResultComparison.normalize(60175L), ResultComparison.normalize(new java.math.BigInteger("60175"))));
        assertFalse(ResultComparison.same(ResultComparison.normalize(1_000_000_000_000L), ResultComparison.normalize(1_000_000_000_001L)));
    }

    @Test
    void decimalsCompareByValueAndMayBeRoundedToTheirScale()
    {
        assertTrue(ResultComparison.same(new BigDecimal("1.50"), new BigDecimal("1.5")));
        // An average Spark rounds to DECIMAL(.., 6) against DuckDB's double.
        assertTrue(ResultComparison.same(new BigDecimal("0.038348"), 0.03834767));
        assertFalse(ResultComparison.same(new BigDecimal("0.038349"), 0.03834767));
        assertFalse(ResultComparison.same(new BigDecimal("25.51"), new BigDecimal("25.52")));
    }

    @Test
    void doublesCompareWithARelativeTolerance()
    {
        assertTrue(ResultComparison.same(123456789.0, 123456789.0 * (1 + 1e-7)));
        assertFalse(ResultComparison.same(123456789.0, 123456789.0 * (1 + 1e-5)));
    }

    @Test
    void datesStringsAndNullsMustBeEqual()
    {
        assertTrue(ResultComparison.same(ResultComparison.normalize(java.sql.Date.valueOf("1995-03-15")), LocalDate.parse("1995-03-15")));
        assertFalse(ResultComparison.same("Customer#000000001", "Customer#000000001 "));
        assertTrue(ResultComparison.same(null, null));
        assertFalse(ResultComparison.same(null, BigDecimal.ZERO));
    }

    @Test
    void orderMattersOnlyWhenTheQueryOrders()
    {
        List<List<Object>> ab = List.of(List.of("a", BigDecimal.ONE), List.of("b", BigDecimal.TEN));
        List<List<Object>> ba = List.of(List.of("b", BigDecimal.TEN), List.of("a", BigDecimal.ONE));
        assertEquals(Optional.empty(), ResultComparison.difference(ab, ba, false));
        assertTrue(ResultComparison.difference(ab, ba, true).isPresent());
        assertTrue(ResultComparison.difference(ab, ab.subList(0, 1), false).orElseThrow().startsWith("row count"));
        assertTrue(ResultComparison.difference(List.of(Arrays.asList("a", null)), List.of(Arrays.asList("a", BigDecimal.ONE)), true).isPresent());
    }
}
