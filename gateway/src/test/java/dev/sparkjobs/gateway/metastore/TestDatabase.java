package dev.sparkjobs.gateway.metastore;

import java.time.Clock;

/** A fresh, empty metadata database for one test, removed afterwards. */
interface TestDatabase
        extends AutoCloseable
{
    /** Opens (and so migrates) the database; each call opens the same one. */
    MetadataDatabase open(Clock clock);

    @Override
    void close();
}
