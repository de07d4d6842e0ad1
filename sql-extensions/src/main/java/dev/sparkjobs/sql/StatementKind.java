package dev.sparkjobs.sql;

/** What a statement does, as far as routing, metrics and clients are concerned. */
public enum StatementKind
{
    /** Returns rows: SELECT, WITH, VALUES, TABLE, FROM-first queries. */
    QUERY,
    /** Writes rows: INSERT, MERGE, UPDATE, DELETE. */
    DML,
    /** Changes the catalog: CREATE, DROP, ALTER, TRUNCATE, CACHE, ... */
    DDL,
    /** Describes: SHOW, DESCRIBE, EXPLAIN. */
    METADATA,
    /** Changes the session: SET, RESET, USE. */
    SESSION,
    /** A statement of the extended grammar (jobs, streams, schedules, pools). */
    EXTENDED,
    /** A query on the gateway's own {@code system.*} tables, answered by Calcite without Spark. */
    SYSTEM,
    OTHER
}
