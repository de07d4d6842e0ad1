/**
 * The job model (sources, transformations, sinks, windows, schedules, retries, SLAs), its
 * validation and its translation to Spark. The model arrives with the extended-grammar issue; the
 * module exists now so that the dependency direction holds from the first commit.
 */
package dev.sparkjobs.planner;
