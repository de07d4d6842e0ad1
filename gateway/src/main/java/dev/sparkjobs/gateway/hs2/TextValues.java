package dev.sparkjobs.gateway.hs2;

import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Values as the text HiveServer2 clients parse: dates {@code yyyy-MM-dd}, timestamps
 * {@code yyyy-MM-dd HH:mm:ss[.fffffffff]} in the zone Spark gave the column, intervals in Hive's
 * {@code y-m} and {@code d hh:mm:ss.nnnnnnnnn}, decimals without exponent, and arrays, maps and
 * structs as JSON. A format is made once per vector and then called per row.
 */
final class TextValues
{
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    /** The text of the non-null value at an index. */
    @FunctionalInterface
    interface Format
    {
        String format(int index);
    }

    private TextValues() {}

    /**
     * Dates as {@code yyyy-mm-dd}, remembering the last text of each of 1,024 slots: a column of
     * dates holds few distinct days, and formatting one was a tenth of a large fetch's CPU.
     */
    static final class DateTexts
    {
        private static final int SLOTS = 1024;
        private final long[] days = new long[SLOTS];
        private final String[] texts = new String[SLOTS];

        String text(long epochDay)
        {
            int slot = (int) (epochDay & (SLOTS - 1));
            String text = texts[slot];
            if (text == null || days[slot] != epochDay) {
                text = LocalDate.ofEpochDay(epochDay).toString();
                days[slot] = epochDay;
                texts[slot] = text;
            }
            return text;
        }
    }

    static Format of(ValueVector vector)
    {
        if (vector instanceof VarCharVector v) {
            return i -> new String(v.get(i), StandardCharsets.UTF_8);
        }
        if (vector instanceof LargeVarCharVector v) {
            return i -> new String(v.get(i), StandardCharsets.UTF_8);
        }
        if (vector instanceof DecimalVector v) {
            int scale = v.getScale();
            if (v.getPrecision() <= 18 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
                // Up to 18 digits the 128-bit value fits the low, little-endian long: no BigDecimal per row.
                return i -> plainDecimal(v.getDataBuffer().getLong((long) i * DecimalVector.TYPE_WIDTH), scale);
            }
            return i -> v.getObject(i).toPlainString();
        }
        if (vector instanceof Decimal256Vector v) {
            return i -> v.getObject(i).toPlainString();
        }
        if (vector instanceof DateDayVector v) {
            DateTexts texts = new DateTexts();
            return i -> texts.text(v.get(i));
        }
        if (vector instanceof DateMilliVector v) {
            DateTexts texts = new DateTexts();
            return i -> texts.text(Math.floorDiv(v.get(i), 86_400_000L));
        }
        if (vector instanceof TimeStampVector v) {
            ArrowType.Timestamp type = (ArrowType.Timestamp) v.getField().getType();
            ZoneId zone = type.getTimezone() == null ? ZoneOffset.UTC : ZoneId.of(type.getTimezone());
            TimeUnit unit = type.getUnit();
            return i -> timestamp(v.get(i), unit, zone);
        }
        if (vector instanceof IntervalYearVector v) {
            return i -> yearMonthInterval(v.get(i));
        }
        if (vector instanceof DurationVector v) {
            TimeUnit unit = v.getUnit();
            return i -> dayTimeInterval(micros(DurationVector.get(v.getDataBuffer(), i), unit));
        }
        if (vector instanceof IntervalDayVector v) {
            return i -> dayTimeInterval(IntervalDayVector.getDays(v.getDataBuffer(), i) * MICROS_PER_DAY
                    + IntervalDayVector.getMilliseconds(v.getDataBuffer(), i) * 1000L);
        }
        if (vector instanceof BitVector v) {
            return i -> v.get(i) != 0 ? "true" : "false";
        }
        if (vector instanceof BaseIntVector v) {
            return i -> Long.toString(v.getValueAsLong(i));
        }
        if (vector instanceof Float4Vector v) {
            return i -> Float.toString(v.get(i));
        }
        if (vector instanceof Float8Vector v) {
            return i -> Double.toString(v.get(i));
        }
        if (vector instanceof VarBinaryVector || vector instanceof LargeVarBinaryVector || vector instanceof FixedSizeBinaryVector) {
            return i -> Base64.getEncoder().encodeToString((byte[]) vector.getObject(i));
        }
        if (vector instanceof ListVector || vector instanceof LargeListVector || vector instanceof FixedSizeListVector || vector instanceof StructVector) {
            JsonValues.Writer writer = JsonValues.writer(vector);
            return i -> {
                StringBuilder out = new StringBuilder();
                writer.write(out, i);
                return out.toString();
            };
        }
        return i -> String.valueOf(vector.getObject(i));
    }

    /** What {@code BigDecimal.valueOf(unscaled, scale).toPlainString()} gives, without the BigDecimal. */
    static String plainDecimal(long unscaled, int scale)
    {
        if (scale <= 0) {
            return BigDecimal.valueOf(unscaled, scale).toPlainString();
        }
        String digits = Long.toString(Math.abs(unscaled));
        StringBuilder out = new StringBuilder(digits.length() + scale + 3);
        if (unscaled < 0) {
            out.append('-');
        }
        int whole = digits.length() - scale;
        if (whole > 0) {
            out.append(digits, 0, whole).append('.').append(digits, whole, digits.length());
        }
        else {
            out.append("0.");
            for (int i = whole; i < 0; i++) {
                out.append('0');
            }
            out.append(digits);
        }
        return out.toString();
    }

    /** True when the text of this vector's values is a string in JSON, false when it is a JSON number or boolean. */
    static boolean quotedInJson(ValueVector vector)
    {
        return !(vector instanceof BitVector || vector instanceof BaseIntVector || vector instanceof DecimalVector
                || vector instanceof Decimal256Vector || vector instanceof Float4Vector || vector instanceof Float8Vector);
    }

    static String timestamp(long value, TimeUnit unit, ZoneId zone)
    {
        long perSecond = switch (unit) {
            case SECOND -> 1;
            case MILLISECOND -> 1_000;
            case MICROSECOND -> 1_000_000;
            case NANOSECOND -> 1_000_000_000;
        };
        long seconds = Math.floorDiv(value, perSecond);
        int nanos = (int) (Math.floorMod(value, perSecond) * (1_000_000_000 / perSecond));
        ZoneOffset offset = zone instanceof ZoneOffset fixed ? fixed : zone.getRules().getOffset(Instant.ofEpochSecond(seconds));
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, nanos, offset);
        StringBuilder out = new StringBuilder(29);
        int year = time.getYear();
        if (year < 0) {
            out.append('-');
        }
        pad(out, Math.abs(year), 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append(' ');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2);
        fraction(out, nanos);
        return out.toString();
    }

    static String yearMonthInterval(int months)
    {
        long total = Math.abs((long) months);
        return (months < 0 ? "-" : "") + total / 12 + "-" + total % 12;
    }

    static String dayTimeInterval(long micros)
    {
        StringBuilder out = new StringBuilder(24);
        if (micros < 0) {
            out.append('-');
        }
        long total = Math.abs(micros);
        out.append(total / MICROS_PER_DAY).append(' ');
        long rest = total % MICROS_PER_DAY;
        pad(out, (int) (rest / 3_600_000_000L), 2).append(':');
        pad(out, (int) (rest / 60_000_000L % 60), 2).append(':');
        pad(out, (int) (rest / 1_000_000L % 60), 2).append('.');
        pad(out, (int) (rest % 1_000_000L) * 1000, 9);
        return out.toString();
    }

    /** A duration in microseconds; Spark writes microseconds, finer units lose their nanoseconds. */
    private static long micros(long value, TimeUnit unit)
    {
        return switch (unit) {
            case SECOND -> Math.multiplyExact(value, 1_000_000L);
            case MILLISECOND -> Math.multiplyExact(value, 1_000L);
            case MICROSECOND -> value;
            case NANOSECOND -> value / 1_000;
        };
    }

    private static void fraction(StringBuilder out, int nanos)
    {
        if (nanos == 0) {
            return;
        }
        int digits = 9;
        int value = nanos;
        while (value % 10 == 0) {
            value /= 10;
            digits--;
        }
        out.append('.');
        pad(out, value, digits);
    }

    private static StringBuilder pad(StringBuilder out, int value, int width)
    {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
