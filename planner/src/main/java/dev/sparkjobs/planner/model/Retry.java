package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code RETRY n [TIMES] [DELAY interval] [BACKOFF FIXED | EXPONENTIAL [MAX interval]]}: how many
 * more attempts a failed run gets and how long it waits before each. Without a delay the next
 * attempt is queued at once; {@code maxDelay} caps exponential backoff.
 */
public record Retry(int count, Optional<Duration> delay, Backoff backoff, Optional<Duration> maxDelay)
{
    private static final Duration LONGEST_WAIT = Duration.ofDays(365);

    public static final Retry NONE = new Retry(0, Optional.empty(), Backoff.FIXED, Optional.empty());

    public enum Backoff
    {
        FIXED, EXPONENTIAL
    }

    public Retry
    {
        requireNonNull(delay, "delay is null");
        requireNonNull(backoff, "backoff is null");
        requireNonNull(maxDelay, "maxDelay is null");
    }

    public static Retry fixed(int count, Duration delay)
    {
        return new Retry(count, Optional.of(delay), Backoff.FIXED, Optional.empty());
    }

    public static Retry exponential(int count, Duration delay, Duration maxDelay)
    {
        return new Retry(count, Optional.of(delay), Backoff.EXPONENTIAL, Optional.of(maxDelay));
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delayBefore(int retry)
    {
        if (retry < 1) {
            throw new IllegalArgumentException("retry numbers start at 1, not " + retry);
        }
        Duration base = delay.orElse(Duration.ZERO);
        if (backoff == Backoff.FIXED || base.isZero()) {
            return base;
        }
        Duration wait = base;
        for (int i = 1; i < retry && wait.compareTo(LONGEST_WAIT) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (maxDelay.isPresent() && wait.compareTo(maxDelay.get()) > 0) {
            return maxDelay.get();
        }
        return wait;
    }
}
