package dev.sparkjobs.planner.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Asserts a validation failure: its error, its clause, and words of its message. */
final class Errors
{
    private Errors() {}

    static ModelException assertFails(ModelError error, String clause, Executable action, String... words)
    {
        ModelException e = assertThrows(ModelException.class, action);
        assertEquals(error, e.error(), e.getMessage());
        assertEquals(clause, e.clause(), e.getMessage());
        for (String word : words) {
            assertTrue(e.getMessage().contains(word), "'" + word + "' missing from: " + e.getMessage());
        }
        return e;
    }
}
