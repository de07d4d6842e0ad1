package dev.sparkjobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.sql.parser.ExtendedSqlParser;
import dev.sparkjobs.sql.parser.SqlSyntaxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.util.Litmus;
import org.junit.jupiter.api.Test;

/**
 * The 22 TPC-H queries: each parses in well under a second, and its Spark translation parses back
 * to the same tree. Median parse times go to target/tpch-parse-times.txt.
 */
class TpchParseTest
{
    private static final int WARM_UP = 5;
    private static final int TIMED = 21;
    /** Spark rejects a typed numeric literal; 0.06, 0.06BD or a CAST are fine. */
    private static final Pattern TYPED_DECIMAL = Pattern.compile("(?i)DECIMAL\\s*'");

    @Test
    void everyQueryParsesQuicklyAndTranslates()
            throws SqlSyntaxException, IOException
    {
        CalciteFrontDoor frontDoor = new CalciteFrontDoor();
        List<String> report = new ArrayList<>();
        report.add(String.format(Locale.ROOT, "%-4s %12s %12s", "q", "median_ms", "max_ms"));
        double total = 0;
        for (int q = 1; q <= 22; q++) {
            String sql = TpchQueries.query(q);
            List<SqlNode> statements = ExtendedSqlParser.parseStatements(sql, Duration.ofSeconds(1));
            assertEquals(q == 15 ? 2 : 1, statements.size(), "q" + q);
            for (int i = 0; i < WARM_UP; i++) {
                ExtendedSqlParser.parseStatements(sql);
            }
            long[] nanos = new long[TIMED];
            for (int i = 0; i < TIMED; i++) {
                long start = System.nanoTime();
                ExtendedSqlParser.parseStatements(sql);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double median = nanos[TIMED / 2] / 1e6;
            double max = nanos[TIMED - 1] / 1e6;
            total += median;
            report.add(String.format(Locale.ROOT, "q%-3d %12.3f %12.3f", q, median, max));
            assertTrue(median < 250, "q" + q + " median parse " + median + " ms");

            String translated = frontDoor.translateForSpark(sql).orElseThrow(() -> new AssertionError("no translation"));
            assertFalse(TYPED_DECIMAL.matcher(translated).find(), "q" + q + " keeps a typed decimal literal:\n" + translated);
            assertFalse(translated.contains("ASYMMETRIC"), translated);
            List<SqlNode> again = ExtendedSqlParser.parseStatements(translated);
            assertEquals(statements.size(), again.size());
            for (int i = 0; i < statements.size(); i++) {
                assertTrue(statements.get(i).equalsDeep(again.get(i), Litmus.IGNORE), "q" + q + " translation changes the tree:\n" + translated);
            }
        }
        report.add(String.format(Locale.ROOT, "sum of medians: %.3f ms", total));
        String text = String.join("\n", report) + "\n";
        System.out.print(text);
        Files.writeString(Path.of("target", "tpch-parse-times.txt"), text);
    }

    @Test
    void q6TranslationHasNoTypedDecimalLiteral()
    {
        String q6 = new CalciteFrontDoor().translateForSpark(TpchQueries.query(6)).orElseThrow();
        assertFalse(TYPED_DECIMAL.matcher(q6).find(), q6);
        assertTrue(q6.replaceAll("\\s+", " ").contains("BETWEEN 0.06 - 0.01 AND 0.06 + 0.01"), q6);
    }
}
