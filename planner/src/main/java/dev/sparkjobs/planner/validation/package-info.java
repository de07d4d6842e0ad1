/**
 * Validation of the job model that needs neither a parser nor Spark: option names and values,
 * cron expressions and time zones, intervals, stream rules, and the dependency graph of a set of
 * jobs. Every failure is a {@link dev.sparkjobs.planner.validation.ModelException} carrying a
 * {@link dev.sparkjobs.planner.validation.ModelError} (and so a SQLSTATE) and the clause at fault.
 */
package dev.sparkjobs.planner.validation;
