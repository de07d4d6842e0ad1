package dev.sparkjobs.gateway;

import dev.sparkjobs.gateway.statements.ExtendedStatements;
import dev.sparkjobs.gateway.statements.SystemCatalog;
import java.util.HashMap;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.sql.SqlFrontDoor;
import java.util.Map;
import java.util.function.Function;

/**
 * The one gateway service every front door calls. Each statement passes the {@link SqlFrontDoor}
 * first; what it routes to Spark runs on the session's engine: the embedded engine, or one leased
 * from a pool when the session opened ({@code PooledSqlService}). Sessions and statements are
 * counted here, whichever door they came through.
 */
public final class GatewaySqlService
        implements SqlService
{
    private final SqlService engines;
    private final Function<SqlSession, String> engineOf;
    private final SqlFrontDoor frontDoor;
    private final GatewayMetrics metrics;
    private final SessionRegistry sessions;
    private final ExtendedStatements extended;
    private final SystemCatalog system;

    /**
     * @param engines where sessions open on engines (each session holds its engine until closed)
     * @param engineOf the id of the engine a session of {@code engines} runs on
     */
    public GatewaySqlService(SqlService engines, Function<SqlSession, String> engineOf, SqlFrontDoor frontDoor, GatewayMetrics metrics,
            SessionRegistry sessions, ExtendedStatements extended, SystemCatalog system)
    {
        this.engines = requireNonNull(engines, "engines is null");
        this.engineOf = requireNonNull(engineOf, "engineOf is null");
        this.frontDoor = requireNonNull(frontDoor, "frontDoor is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.extended = requireNonNull(extended, "extended is null");
        this.system = requireNonNull(system, "system is null");
    }

    @Override
    public SqlSession openSession(String user, Map<String, String> properties)
            throws SqlServiceException
    {
        Map<String, String> sparkProperties = new HashMap<>(properties);
        sparkProperties.keySet().removeIf(key -> key.startsWith("sparkjobs."));
        SqlSession session = engines.openSession(user, sparkProperties);
        metrics.activeSessions().incrementAndGet();
        SessionRegistry.Entry entry = sessions.open(session.id(), user, properties, engineOf.apply(session));
        return new GatewaySession(session, frontDoor, metrics, entry, sessions, extended, system, namesAsListed(sparkProperties));
    }

    /** A session opened in another database, or with case-sensitive names, resolves names as the catalog listing does not. */
    private static boolean namesAsListed(Map<String, String> properties)
    {
        return properties.entrySet().stream().noneMatch(property -> property.getKey().equalsIgnoreCase("spark.sql.caseSensitive")
                || (property.getKey().startsWith("use:") && !property.getValue().equalsIgnoreCase("default")));
    }

    @Override
    public String serverName()
    {
        return "Spark Jobs";
    }

    @Override
    public String serverVersion()
    {
        return engines.serverVersion();
    }
}
