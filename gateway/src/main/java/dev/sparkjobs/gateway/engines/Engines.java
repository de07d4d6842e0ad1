package dev.sparkjobs.gateway.engines;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's engines, whichever provider makes them: the service client sessions run on, the
 * engines job runs lease (from the job's pool, with its cluster profile), the pools defined in SQL,
 * and the rows of {@code system.engines} and {@code system.pools}.
 */
public interface Engines
        extends AutoCloseable
{
    /** The provider of the gateway's engines: {@code embedded}, {@code process} or {@code kubernetes}. */
    String provider();

    /** The service client sessions open on; each session holds its engine until it closes. */
    SqlService sessions();

    /** The id of the engine a session of {@link #sessions()} runs on. */
    String engineOf(SqlSession session);

    /** Spark's version, for clients' metadata. */
    String serverVersion();

    /**
     * An engine for one attempt of a job run: from the job's pool ({@code IN POOL}, else the
     * default pool), of the job's cluster profile, leased as the job's owner (user and tenant) with
     * the run as the connection; the caller closes the lease when the attempt ends.
     *
     * @throws SqlServiceException 42704 when the job's pool is not defined; the pool's own errors
     *         (53400 full, 08001 launch failed)
     */
    RunLease leaseForRun(Job job, String owner, String runId)
            throws SqlServiceException;

    /** Whether engines of this job's runs start cold, so that starting one ahead of a fire time pays. */
    boolean warmsAhead(Job job);

    /** Starts (or keeps) an engine for the job's next run (leased as {@code owner}) and returns once it is ready. */
    void warm(Job job, String owner)
            throws SqlServiceException;

    /** A pool definition was created, altered or dropped: its engines follow it. */
    void poolChanged(String name);

    /** Rows in the column order of {@code system.engines}. */
    List<Object[]> engineRows();

    /** Rows in the column order of {@code system.pools}. */
    List<Object[]> poolRows();

    /** The embedded engine, when the gateway has one (streams run on it). */
    Optional<EmbeddedEngine> embedded();

    @Override
    void close();
}
