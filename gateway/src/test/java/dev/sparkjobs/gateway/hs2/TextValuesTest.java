package dev.sparkjobs.gateway.hs2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.impl.UnionMapWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.junit.jupiter.api.Test;

class TextValuesTest
{
    @Test
    void formatsTimestampsInTheColumnZone()
    {
        ZoneId zone = ZoneId.of("America/Los_Angeles");
        long micros = LocalDateTime.of(2024, 7, 1, 9, 5, 3, 120_000_000).atZone(zone).toEpochSecond() * 1_000_000 + 120_000;
        assertEquals("2024-07-01 09:05:03.12", TextValues.timestamp(micros, TimeUnit.MICROSECOND, zone));
        assertEquals("1969-12-31 23:59:59.999999", TextValues.timestamp(-1, TimeUnit.MICROSECOND, ZoneOffset.UTC));
        assertEquals("0001-01-01 00:00:00", TextValues.timestamp(-62135596800L, TimeUnit.SECOND, ZoneOffset.UTC));
    }

    @Test
    void formatsDecimalsAsBigDecimalDoes()
    {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long unscaled = random.nextLong() % 1_000_000_000_000_000_000L;
            int scale = random.nextInt(19);
            assertEquals(BigDecimal.valueOf(unscaled, scale).toPlainString(), TextValues.plainDecimal(unscaled, scale));
        }
        assertEquals("0.00", TextValues.plainDecimal(0, 2));
        assertEquals("-0.05", TextValues.plainDecimal(-5, 2));
        try (BufferAllocator allocator = new RootAllocator();
                DecimalVector small = new DecimalVector("small", allocator, 10, 3);
                DecimalVector large = new DecimalVector("large", allocator, 38, 2)) {
            small.allocateNew(2);
            small.set(0, new BigDecimal("-12345.678"));
            small.set(1, new BigDecimal("0.001"));
            small.setValueCount(2);
            large.allocateNew(1);
            large.set(0, new BigDecimal("123456789012345678901234567890.12"));
            large.setValueCount(1);
            assertEquals(List.of("-12345.678", "0.001", "123456789012345678901234567890.12"),
                    List.of(TextValues.of(small).format(0), TextValues.of(small).format(1), TextValues.of(large).format(0)));
        }
    }

    @Test
    void formatsIntervalsAsHiveDoes()
    {
        assertEquals("1-2", TextValues.yearMonthInterval(14));
        assertEquals("-1-2", TextValues.yearMonthInterval(-14));
        assertEquals("1 02:03:04.500000000", TextValues.dayTimeInterval(((26L * 60 + 3) * 60 + 4) * 1_000_000 + 500_000));
        assertEquals("-0 00:00:01.000000000", TextValues.dayTimeInterval(-1_000_000));
    }

    @Test
    void writesMapsAsJsonWithStringKeys()
    {
        try (BufferAllocator allocator = new RootAllocator();
                MapVector map = MapVector.empty("m", allocator, false)) {
            UnionMapWriter writer = map.getWriter();
            writer.setPosition(0);
            writer.startMap();
            writer.startEntry();
            writer.key().integer().writeInt(1);
            writer.value().integer().writeInt(10);
            writer.endEntry();
            writer.endMap();
            writer.setValueCount(1);
            map.setValueCount(1);
            assertEquals("{\"1\":10}", TextValues.of(map).format(0));
        }
    }

    @Test
    void escapesStringsInJson()
    {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", JsonValues.quote("a\"b\\c\nd\u0001"));
        try (BufferAllocator allocator = new RootAllocator();
                VarCharVector strings = new VarCharVector("s", allocator);
                IntVector ints = new IntVector("i", allocator)) {
            strings.allocateNew();
            strings.setSafe(0, "é".getBytes(StandardCharsets.UTF_8));
            strings.setValueCount(1);
            ints.allocateNew(1);
            ints.set(0, 7);
            ints.setValueCount(1);
            assertEquals(List.of("é", "7"), List.of(TextValues.of(strings).format(0), TextValues.of(ints).format(0)));
        }
    }

    @Test
    void datesAreTheirIsoTextWhateverTheSlotsHold()
    {
        TextValues.DateTexts texts = new TextValues.DateTexts();
        // Days that share a slot (1,024 apart), negative days, and each asked twice.
        for (int round = 0; round < 2; round++) {
            for (long day = -3_000; day <= 3_000; day += 7) {
                assertEquals(LocalDate.ofEpochDay(day).toString(), texts.text(day));
                assertEquals(LocalDate.ofEpochDay(day + 1024).toString(), texts.text(day + 1024));
            }
        }
        assertEquals("0001-01-01", texts.text(LocalDate.parse("0001-01-01").toEpochDay()));
    }
}
