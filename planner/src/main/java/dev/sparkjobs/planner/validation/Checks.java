package dev.sparkjobs.planner.validation;

import dev.sparkjobs.planner.model.Retry;
import java.time.Duration;
import java.util.Optional;

/** Small checks the validators share; each names the object and the clause at fault. */
final class Checks
{
    private Checks() {}

    static void name(String object, String clause, String name)
    {
        if (name.isBlank()) {
            throw new ModelException(ModelError.INVALID_NAME, object, clause, "a name must not be blank");
        }
    }

    static void positive(String object, String clause, Duration interval)
    {
        if (interval.isNegative() || interval.isZero()) {
            throw new ModelException(ModelError.INVALID_INTERVAL, object, clause, "the interval must be positive, not " + interval);
        }
    }

    static void positive(String object, String clause, Optional<Duration> interval)
    {
        interval.ifPresent(value -> positive(object, clause, value));
    }

    static void notNegative(String object, String clause, Optional<Duration> interval)
    {
        interval.filter(Duration::isNegative).ifPresent(value -> {
            throw new ModelException(ModelError.INVALID_INTERVAL, object, clause, "the interval must not be negative, not " + value);
        });
    }

    static void notBlank(String object, String clause, String text, String what)
    {
        if (text.isBlank()) {
            throw new ModelException(ModelError.INVALID_DEFINITION, object, clause, what + " must not be empty");
        }
    }

    static void retry(String object, Retry retry)
    {
        if (retry.count() < 0) {
            throw new ModelException(ModelError.INVALID_INTERVAL, object, "RETRY", "the number of retries must not be negative, not " + retry.count());
        }
        positive(object, "RETRY DELAY", retry.delay());
        positive(object, "RETRY BACKOFF MAX", retry.maxDelay());
        if (retry.maxDelay().isPresent()) {
            if (retry.backoff() != Retry.Backoff.EXPONENTIAL) {
                throw new ModelException(ModelError.INVALID_DEFINITION, object, "RETRY BACKOFF MAX", "MAX caps EXPONENTIAL backoff only");
            }
            if (retry.delay().isEmpty() || retry.maxDelay().get().compareTo(retry.delay().get()) < 0) {
                throw new ModelException(ModelError.INVALID_DEFINITION, object, "RETRY BACKOFF MAX",
                        "MAX " + retry.maxDelay().get() + " must be at least the DELAY" + retry.delay().map(d -> " " + d).orElse(" (none given)"));
            }
        }
        if (retry.backoff() == Retry.Backoff.EXPONENTIAL && retry.delay().isEmpty()) {
            throw new ModelException(ModelError.INVALID_DEFINITION, object, "RETRY BACKOFF EXPONENTIAL", "exponential backoff needs a DELAY to grow from");
        }
    }
}
