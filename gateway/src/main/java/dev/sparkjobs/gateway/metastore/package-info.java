/**
 * The metadata database: job, stream and pool definitions with every version, runs and their
 * attempts, stream progress and alerts, in embedded H2 (under the data directory) or PostgreSQL.
 * HikariCP pools the connections, Flyway migrates the schema on start, small plain-JDBC
 * repositories read and write it. See docs/metadata.md.
 */
package dev.sparkjobs.gateway.metastore;
