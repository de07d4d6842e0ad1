package dev.sparkjobs.planner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobModelTest
{
    @Test
    void defaults()
    {
        Job job = Job.builder("j").statement("SELECT 1").build();
        assertEquals(1, job.version());
        assertEquals(Schedule.MANUAL, job.schedule());
        assertEquals(Dependencies.NONE, job.dependencies());
        assertEquals(Retry.NONE, job.retry());
        assertEquals(ConcurrencyPolicy.ALLOW, job.concurrency());
        assertEquals(job, job.toBuilder().build());
        assertEquals(7, job.withVersion(7).version());
        assertEquals("k", job.withName("k").name());
    }

    @Test
    void valuesAreImmutableCopiesThatKeepOrder()
    {
        List<String> body = new ArrayList<>(List.of("a", "b"));
        Map<String, String> options = new LinkedHashMap<>();
        options.put("z", "1");
        options.put("a", "2");
        Job job = new Job("j", 1, Optional.empty(), Optional.empty(), options, Schedule.MANUAL, Dependencies.NONE, Retry.NONE, Optional.empty(),
                Sla.NONE, ConcurrencyPolicy.ALLOW, java.util.OptionalInt.empty(), List.of(), List.of(), body);
        body.add("c");
        options.put("m", "3");
        assertEquals(List.of("a", "b"), job.body());
        assertEquals(List.of("z", "a"), List.copyOf(job.options().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> job.options().put("x", "y"));
        assertThrows(NullPointerException.class, () -> Job.builder("j").schedule(null));
    }

    @Test
    void retryDelays()
    {
        Retry fixed = Retry.fixed(3, Duration.ofSeconds(30));
        assertEquals(Duration.ofSeconds(30), fixed.delayBefore(3));
        Retry exponential = Retry.exponential(5, Duration.ofSeconds(10), Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(10), exponential.delayBefore(1));
        assertEquals(Duration.ofSeconds(20), exponential.delayBefore(2));
        assertEquals(Duration.ofSeconds(40), exponential.delayBefore(3));
        assertEquals(Duration.ofSeconds(60), exponential.delayBefore(4));
        assertEquals(Duration.ofSeconds(60), exponential.delayBefore(1000));
        assertEquals(Duration.ZERO, Retry.NONE.delayBefore(1));
        assertThrows(IllegalArgumentException.class, () -> fixed.delayBefore(0));
    }

    @Test
    void identifiersCompareWithoutCase()
    {
        assertEquals(Identifiers.key("Nightly"), Identifiers.key("NIGHTLY"));
        assertEquals("i", Identifiers.key("I"));
    }
}
