/**
 * The planner: the job model ({@code model}: jobs, streams, windows, schedules, retries, SLAs,
 * pools as plain records) and its validation ({@code validation}: options, cron and time zones,
 * intervals, stream rules, the dependency graph). Translation to Spark SQL / Structured Streaming,
 * EXPLAIN and lineage arrive with the extended-grammar issue.
 */
package dev.sparkjobs.planner;
