package dev.sparkjobs.gateway.metastore;

/** Which statement made a version of a definition. */
public enum ChangeKind
{
    CREATE, REPLACE, ALTER, RENAME
}
