package dev.sparkjobs.conformance;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits for a condition by polling it: the tests' only way to wait for something to happen. */
final class Waits
{
    private static final Duration POLL = Duration.ofMillis(100);

    private Waits() {}

    /**
     * Polls until the condition holds, or fails with the description and the condition's last
     * error once the timeout has passed. A condition that throws counts as not yet true.
     */
    static void until(String description, Duration timeout, Callable<Boolean> condition)
            throws InterruptedException
    {
        requireNonNull(description, "description is null");
        requireNonNull(condition, "condition is null");
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
            }
            catch (InterruptedException e) {
                throw e;
            }
            catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout + " waiting for " + description);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
