/**
 * The job model: immutable, plain-data records for jobs, streams and pools, as the extended
 * statements of GRAMMAR.md define them. No Spark and no Calcite types: the gateway persists these
 * values (as JSON) and the engines execute them. SQL texts (job bodies, stream queries, expectation
 * conditions) are kept exactly as the user wrote them.
 *
 * <p>Names are case-preserving; compare them with {@link dev.sparkjobs.planner.model.Identifiers#key}.
 */
package dev.sparkjobs.planner.model;
