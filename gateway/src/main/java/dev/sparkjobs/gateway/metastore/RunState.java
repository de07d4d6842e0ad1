package dev.sparkjobs.gateway.metastore;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a job run (GRAMMAR.md) and the moves between them; anything else is refused.
 *
 * <pre>
 * PENDING ──► QUEUED ──► ACQUIRING_ENGINE ──► RUNNING ──► SUCCEEDED
 *   │           │  ▲            │   │            │  │
 *   │           │  └────────────┴───┼────────────┘  └──► FAILED | CANCELLED | TIMED_OUT
 *   │           │     (retry: a new attempt)        │
 *   │           └──► SKIPPED | CANCELLED | TIMED_OUT | FAILED
 *   └──► SKIPPED | UPSTREAM_FAILED | CANCELLED
 * </pre>
 *
 * A run waits in PENDING for its upstream jobs, in QUEUED for its turn (concurrency policy, pool
 * capacity), in ACQUIRING_ENGINE for an engine. A failed attempt with retries left goes back to
 * QUEUED as the next attempt; the run's FAILED is final. Terminal states lead nowhere.
 */
public enum RunState
{
    PENDING, QUEUED, ACQUIRING_ENGINE, RUNNING, SUCCEEDED, FAILED, CANCELLED, SKIPPED, UPSTREAM_FAILED, TIMED_OUT;

    public boolean isTerminal()
    {
        return next().isEmpty();
    }

    /** The states this one may move to. */
    public Set<RunState> next()
    {
        return switch (this) {
            case PENDING -> EnumSet.of(QUEUED, SKIPPED, UPSTREAM_FAILED, CANCELLED);
            case QUEUED -> EnumSet.of(ACQUIRING_ENGINE, SKIPPED, CANCELLED, TIMED_OUT, FAILED);
            case ACQUIRING_ENGINE -> EnumSet.of(RUNNING, QUEUED, FAILED, CANCELLED, TIMED_OUT);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, QUEUED);
            case SUCCEEDED, FAILED, CANCELLED, SKIPPED, UPSTREAM_FAILED, TIMED_OUT -> EnumSet.noneOf(RunState.class);
        };
    }

    public boolean canMoveTo(RunState target)
    {
        return next().contains(target);
    }

    /** The terminal states an attempt can end in when its run is retried. */
    public static Set<RunState> retryableAttemptOutcomes()
    {
        return EnumSet.of(FAILED, TIMED_OUT);
    }
}
