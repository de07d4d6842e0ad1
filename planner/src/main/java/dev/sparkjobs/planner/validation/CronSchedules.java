package dev.sparkjobs.planner.validation;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Cron schedules, read by the scheduler's own parser (Quartz's {@link CronExpression}), so an
 * expression that passes here is exactly what the scheduler will run. Two forms are accepted:
 * <ul>
 * <li>Unix cron, five fields ({@code minute hour day-of-month month day-of-week}, Sunday 0 or 7) and
 * the macros {@code @hourly @daily @midnight @weekly @monthly @yearly @annually}, as in Snowflake,
 * Kubernetes CronJobs and the Spark Operator. It is translated to Quartz: a 0 seconds field, day
 * numbers to day names, {@code ?} for the unrestricted day field. Unix cron runs when either a
 * restricted day-of-month or day-of-week matches; Quartz cannot say that, so restricting both is
 * refused.</li>
 * <li>Quartz cron, six or seven fields (seconds first, optional year), as in Databricks.</li>
 * </ul>
 */
public final class CronSchedules
{
    private static final String[] DAY_NAMES = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

    private CronSchedules() {}

    /** The Quartz form of a Unix or Quartz cron expression; the reason it is invalid otherwise. */
    public static String toQuartz(String expression)
    {
        String text = expression.trim();
        if (text.startsWith("@")) {
            String macro = MACROS.get(text.toLowerCase(Locale.ROOT));
            if (macro == null) {
                throw new IllegalArgumentException("unknown cron macro '" + text + "'; known: @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually");
            }
            text = macro;
        }
        String[] fields = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (fields.length == 6 || fields.length == 7) {
            return String.join(" ", fields);
        }
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected 5 fields (minute hour day-of-month month day-of-week) or 6 to 7 "
                    + "(Quartz: second minute hour day-of-month month day-of-week [year]), found " + fields.length);
        }
        checkRanges(fields);
        String dayOfMonth = fields[2];
        String dayOfWeek = fields[4];
        if (isUnrestricted(dayOfWeek)) {
            dayOfWeek = "?";
        }
        else if (isUnrestricted(dayOfMonth)) {
            dayOfMonth = "?";
            dayOfWeek = unixDaysOfWeek(dayOfWeek);
        }
        else {
            throw new IllegalArgumentException("restricts both day-of-month and day-of-week; Unix cron runs when either "
                    + "matches, which the scheduler cannot express: use * in one of them, or two jobs");
        }
        return String.join(" ", "0", fields[0], fields[1], dayOfMonth, fields[3], dayOfWeek);
    }

    private static final String[] FIELD_NAMES = {"minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final int[][] FIELD_RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};

    /** Minutes out of range in a Unix expression: Quartz's own parser lets some through (it reads minute 99 as valid). */
    private static void checkRanges(String[] fields)
    {
        for (int i = 0; i < 1; i++) {
            for (String number : fields[i].split("[^0-9]+")) {
                if (number.isEmpty()) {
                    continue;
                }
                boolean step = fields[i].contains("/" + number) && fields[i].indexOf("/" + number) == fields[i].lastIndexOf('/');
                long value = Long.parseLong(number.length() > 9 ? "9999999999" : number);
                int low = step ? 1 : FIELD_RANGES[i][0];
                int high = step ? FIELD_RANGES[i][1] + 1 : FIELD_RANGES[i][1];
                if (value < low || value > high) {
                    throw new IllegalArgumentException("the " + FIELD_NAMES[i] + " field '" + fields[i] + "' has " + number + ", outside " + FIELD_RANGES[i][0]
                            + "-" + FIELD_RANGES[i][1]);
                }
            }
        }
    }

    /** Parses an expression in a time zone (UTC when absent); throws {@link IllegalArgumentException} saying why not. */
    public static CronExpression parse(String expression, Optional<ZoneId> zone)
    {
        String quartz = toQuartz(expression);
        try {
            CronExpression cron = new CronExpression(quartz);
            cron.setTimeZone(TimeZone.getTimeZone(zone.orElse(ZoneOffset.UTC)));
            return cron;
        }
        catch (ParseException e) {
            String translated = quartz.equals(expression.trim()) ? "" : " (read as Quartz '" + quartz + "')";
            throw new IllegalArgumentException(e.getMessage() + translated, e);
        }
    }

    /** The first fire time strictly after {@code after}; empty for an expression that never fires again. */
    public static Optional<Instant> nextFireTime(String expression, Optional<ZoneId> zone, Instant after)
    {
        Date next = parse(expression, zone).getNextValidTimeAfter(Date.from(after));
        return Optional.ofNullable(next).map(Date::toInstant);
    }

    /** A time zone by its region id ({@code Europe/Berlin}) or offset ({@code +02:00}, {@code UTC}). */
    public static ZoneId zone(String id)
    {
        try {
            return ZoneId.of(id.trim());
        }
        catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + id + "'" + Suggestions.didYouMean(id.trim(), ZoneId.getAvailableZoneIds())
                    + "; use a region such as 'Europe/Berlin' or an offset such as '+02:00'", e);
        }
    }

    private static boolean isUnrestricted(String field)
    {
        return field.equals("*") || field.equals("?");
    }

    /**
     * Unix day-of-week (0-7, Sunday both 0 and 7) to Quartz: day names, ranges of names, and each
     * stepped item spelt out as a list of names (Quartz misreads steps over names and wrapped ranges).
     */
    private static String unixDaysOfWeek(String field)
    {
        List<String> items = new ArrayList<>();
        for (String item : field.split(",", -1)) {
            int slash = item.indexOf('/');
            int dash = item.indexOf('-');
            if (slash >= 0) {
                items.add(steppedDays(item.substring(0, slash), item.substring(slash + 1)));
            }
            else if (dash > 0) {
                int from = dayNumber(item.substring(0, dash));
                int to = dayNumber(item.substring(dash + 1));
                checkRange(item, from, to);
                // 0-7 covers the week; its Quartz names would read SUN-SUN, a single day.
                items.add(from == 0 && to == 7 ? "*" : DAY_NAMES[from] + "-" + DAY_NAMES[to]);
            }
            else {
                items.add(item.equals("*") ? "*" : dayWithModifier(item));
            }
        }
        return String.join(",", items);
    }

    private static String steppedDays(String range, String stepText)
    {
        int step = stepText.matches("\\d{1,2}") ? Integer.parseInt(stepText) : 0;
        if (step < 1) {
            throw new IllegalArgumentException("day-of-week step '/" + stepText + "' must be a number from 1");
        }
        int from = 0;
        int to = 6;
        int dash = range.indexOf('-');
        if (dash > 0) {
            from = dayNumber(range.substring(0, dash));
            to = dayNumber(range.substring(dash + 1));
            checkRange(range, from, to);
        }
        else if (!range.equals("*")) {
            from = dayNumber(range);
        }
        List<String> days = new ArrayList<>();
        for (int day = from; day <= to; day += step) {
            String name = DAY_NAMES[day];
            if (!days.contains(name)) {
                days.add(name);
            }
        }
        return String.join(",", days);
    }

    private static void checkRange(String item, int from, int to)
    {
        if (from > to) {
            throw new IllegalArgumentException("day-of-week range " + item + " runs backwards");
        }
    }

    /** A Unix day of the week (0-7 or a name) as 0-7. */
    private static int dayNumber(String value)
    {
        if (value.matches("[0-7]")) {
            return Integer.parseInt(value);
        }
        for (int i = 0; i < 7; i++) {
            if (DAY_NAMES[i].equalsIgnoreCase(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a day of the week (0-7 or SUN-SAT)");
    }

    private static String dayWithModifier(String item)
    {
        int hash = item.indexOf('#');
        if (hash > 0) {
            return quartzDayNumber(item.substring(0, hash)) + item.substring(hash);
        }
        if (item.length() > 1 && item.toUpperCase(Locale.ROOT).endsWith("L")) {
            return quartzDayNumber(item.substring(0, item.length() - 1)) + "L";
        }
        return DAY_NAMES[dayNumber(item)];
    }

    private static String quartzDayNumber(String value)
    {
        if (value.matches("[0-7]")) {
            return String.valueOf(Integer.parseInt(value) % 7 + 1);
        }
        return value;
    }
}
