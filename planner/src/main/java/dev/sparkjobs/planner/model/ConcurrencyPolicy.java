package dev.sparkjobs.planner.model;

/**
 * {@code CONCURRENCY ...}: what a new run does while a run of the same job is still going. ALLOW
 * runs both; FORBID skips the new one; REPLACE cancels the old one; QUEUE waits for it.
 */
public enum ConcurrencyPolicy
{
    ALLOW, FORBID, REPLACE, QUEUE
}
