package dev.sparkjobs.pool;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in tests of engines and pools, instead of sleeping a guessed time. */
public final class Conditions
{
    private Conditions() {}

    /** Returns once {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    public static void waitFor(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
