package dev.sparkjobs.planner.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronSchedulesTest
{
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void unixCronIsTranslatedToQuartz()
    {
        assertEquals("0 0 2 * * ?", CronSchedules.toQuartz("0 2 * * *"));
        assertEquals("0 */15 * ? * MON-FRI", CronSchedules.toQuartz("*/15 * * * 1-5"));
        assertEquals("0 0 12 ? * MON,WED,FRI", CronSchedules.toQuartz("0 12 * * mon-fri/2"));
        assertEquals("0 0 12 ? * *", CronSchedules.toQuartz("0 12 * * 0-7"));
        assertEquals("0 0 9 ? * SUN,SAT", CronSchedules.toQuartz("0 9 * * 0,6"));
        assertEquals("0 0 9 ? * SUN", CronSchedules.toQuartz("0 9 * * 7"));
        assertEquals("0 30 6 1 * ?", CronSchedules.toQuartz("30 6 1 * *"));
        assertEquals("0 0 0 ? * 6#3", CronSchedules.toQuartz("0 0 * * 5#3"));
        assertEquals("0 0 0 ? * 6L", CronSchedules.toQuartz("0 0 * * 5L"));
        assertEquals("0 0 0 * * ?", CronSchedules.toQuartz("@daily"));
        assertEquals("0 0 0 ? * SUN", CronSchedules.toQuartz("@weekly"));
        assertEquals("0 15 10 ? * MON-FRI", CronSchedules.toQuartz("0 15 10 ? * MON-FRI"));
    }

    @Test
    void translatedDaysOfWeekFireOnTheSameDaysAsUnixCron()
    {
        assertEquals(List.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY), days("0 12 * * 1-5/2", 3));
        assertEquals(List.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), days("0 12 * * */2", 4));
        // Friday to Sunday wraps past the end of Quartz's week (7 is Saturday there).
        assertEquals(List.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), days("0 12 * * 5-7", 3));
        assertEquals(7, days("0 12 * * 0-7", 7).stream().distinct().count());
        assertEquals(List.of(DayOfWeek.FRIDAY, DayOfWeek.SUNDAY, DayOfWeek.FRIDAY), days("0 12 * * 5-7/2", 3));
        assertEquals(List.of(DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY, DayOfWeek.WEDNESDAY), days("0 12 * * 3/2", 3));
    }

    private static List<DayOfWeek> days(String unix, int count)
    {
        // A Monday, 2025-01-06 00:00 UTC.
        Instant at = Instant.parse("2025-01-06T00:00:00Z");
        List<DayOfWeek> days = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            at = CronSchedules.nextFireTime(unix, Optional.of(UTC), at).orElseThrow();
            days.add(at.atZone(UTC).getDayOfWeek());
        }
        return days;
    }

    @Test
    void fireTimesFollowTheTimeZone()
    {
        Instant next = CronSchedules.nextFireTime("0 2 * * *", Optional.of(ZoneId.of("Europe/Berlin")), Instant.parse("2025-07-01T12:00:00Z")).orElseThrow();
        assertEquals(ZonedDateTime.parse("2025-07-02T02:00+02:00[Europe/Berlin]").toInstant(), next);
        Instant utc = CronSchedules.nextFireTime("0 2 * * *", Optional.empty(), Instant.parse("2025-07-01T12:00:00Z")).orElseThrow();
        assertEquals(Instant.parse("2025-07-02T02:00:00Z"), utc);
    }

    @Test
    void badExpressionsSayWhy()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedules.toQuartz("0 2 * *")).getMessage().contains("found 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedules.toQuartz("0 2 1 * 1")).getMessage().contains("both day-of-month and day-of-week"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedules.toQuartz("@reboot")).getMessage().contains("@reboot"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedules.toQuartz("0 0 * * 6-2")).getMessage().contains("runs backwards"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedules.toQuartz("0 0 * * 1/0")).getMessage().contains("step"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedules.toQuartz("0 0 * * 8")).getMessage().contains("not a day of the week"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedules.parse("0 25 * * *", Optional.empty())).getMessage().contains("read as Quartz"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CronSchedules.zone("Europe/Berln")).getMessage().contains("did you mean 'Europe/Berlin'?"));
        assertEquals(ZoneId.of("+02:00"), CronSchedules.zone("+02:00"));
    }
}
