package dev.sparkjobs.gateway;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.sql.SqlFrontDoor;
import java.util.Map;

/**
 * The one gateway service every front door calls. Each statement passes the {@link SqlFrontDoor}
 * first; what it routes to Spark runs on the engine. Sessions and statements are counted here,
 * whichever door they came through.
 */
public final class GatewaySqlService
        implements SqlService
{
    private final Engine engine;
    private final SqlFrontDoor frontDoor;
    private final GatewayMetrics metrics;

    public GatewaySqlService(Engine engine, SqlFrontDoor frontDoor, GatewayMetrics metrics)
    {
        this.engine = requireNonNull(engine, "engine is null");
        this.frontDoor = requireNonNull(frontDoor, "frontDoor is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public SqlSession openSession(String user, Map<String, String> properties)
            throws SqlServiceException
    {
        SqlSession session = engine.sqlService().openSession(user, properties);
        metrics.activeSessions().incrementAndGet();
        return new GatewaySession(session, frontDoor, metrics);
    }

    @Override
    public String serverName()
    {
        return "Spark Jobs";
    }

    @Override
    public String serverVersion()
    {
        return engine.sqlService().serverVersion();
    }
}
