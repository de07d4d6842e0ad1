package dev.sparkjobs.pool;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.BatchSource;
import dev.sparkjobs.flight.CatalogObjects;
import dev.sparkjobs.flight.OperationProgress;
import dev.sparkjobs.flight.PreparedSql;
import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.ForwardingSqlSession;
import dev.sparkjobs.flight.SqlSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link SqlService} whose sessions run on engines leased from a pool: opening a session
 * leases an engine for it (by its user, tenant and its own id as the connection), closing it
 * releases the lease. The gateway fronts this exactly as it fronts the embedded engine's service.
 */
public final class PooledSqlService
        implements SqlService
{
    private final EnginePool pool;
    private final Function<String, String> tenantOfUser;

    /**
     * @param tenantOfUser the tenant a user belongs to (the user itself until tenants exist)
     */
    public PooledSqlService(EnginePool pool, Function<String, String> tenantOfUser)
    {
        this.pool = requireNonNull(pool, "pool is null");
        this.tenantOfUser = requireNonNull(tenantOfUser, "tenantOfUser is null");
    }

    @Override
    public SqlSession openSession(String user, Map<String, String> properties)
            throws SqlServiceException
    {
        String connection = UUID.randomUUID().toString();
        EngineLease lease = pool.acquire(new Requester(user, tenantOfUser.apply(user), connection));
        try {
            return new LeasedSession(lease.engine().sqlService().openSession(user, properties), lease);
        }
        catch (SqlServiceException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The engine a session of this service runs on; empty for a session of another service. */
    public static Optional<Engine> engineOf(SqlSession session)
    {
        return session instanceof LeasedSession leased ? Optional.of(leased.lease.engine()) : Optional.empty();
    }

    /** An engine session that holds its engine's lease until closed. */
    private static final class LeasedSession
            extends ForwardingSqlSession
    {
        private final EngineLease lease;
        private final AtomicBoolean closed = new AtomicBoolean();

        LeasedSession(SqlSession session, EngineLease lease)
        {
            super(session);
            this.lease = requireNonNull(lease, "lease is null");
        }

        @Override
        public void close()
        {
            if (closed.compareAndSet(false, true)) {
                try {
                    delegate().close();
                }
                finally {
                    lease.close();
                }
            }
        }
    }
}
