package dev.sparkjobs.planner.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest
{
    @Test
    void distanceCountsInsertionsDeletionsSubstitutionsAndSwaps()
    {
        assertEquals(0, Suggestions.distance("memory", "memory"));
        assertEquals(1, Suggestions.distance("memory", "memroy"));
        assertEquals(1, Suggestions.distance("memory", "memor"));
        assertEquals(1, Suggestions.distance("memory", "memoryy"));
        assertEquals(1, Suggestions.distance("memory", "menory"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(6, Suggestions.distance("", "abcdef"));
    }

    @Test
    void closestIsOnlyANearMiss()
    {
        List<String> known = List.of("executor.memory", "executor.cores", "driver.memory");
        assertEquals(Optional.of("executor.memory"), Suggestions.closest("executor.memroy", known));
        assertEquals(Optional.of("executor.cores"), Suggestions.closest("Executor.Cores", known));
        assertEquals(Optional.empty(), Suggestions.closest("parallelism", known));
        assertEquals(Optional.empty(), Suggestions.closest("ab", List.of("xy")));
    }
}
