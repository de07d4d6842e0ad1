package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.EngineProtocol;
import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.Action;

/**
 * The SQL service of a remote engine, over Flight SQL: what the gateway's doors call for an engine
 * in another process or pod, exactly as they call the embedded engine's.
 */
public final class RemoteSqlService
        implements SqlService
{
    private final EngineClient client;
    private final String sparkVersion;
    private final Set<RemoteSqlSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile String deathNotice;

    RemoteSqlService(EngineClient client, String sparkVersion)
    {
        this.client = requireNonNull(client, "client is null");
        this.sparkVersion = requireNonNull(sparkVersion, "sparkVersion is null");
    }

    EngineClient client()
    {
        return client;
    }

    @Override
    public SqlSession openSession(String user, Map<String, String> properties)
            throws SqlServiceException
    {
        RemoteSqlSession session = new RemoteSqlSession(UUID.randomUUID().toString(), user, this);
        sessions.add(session);
        try {
            // One call opens the engine's session (and brings its cookie) before any statement.
            session.action(new Action(EngineProtocol.ACTION_GET_OPTION, EngineProtocol.utf8("schema")));
            for (Map.Entry<String, String> property : properties.entrySet()) {
                // sparkjobs.* properties describe the session to the gateway (its door, its client), not to Spark
                if (!property.getKey().startsWith("sparkjobs.")) {
                    session.setOption(property.getKey(), property.getValue());
                }
            }
        }
        catch (SqlServiceException | RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    void closed(RemoteSqlSession session)
    {
        sessions.remove(session);
    }

    public int openSessions()
    {
        return sessions.size();
    }

    @Override
    public String serverVersion()
    {
        return "0.1.0 (Spark " + sparkVersion + ")";
    }

    /** Marks the engine dead: running streams fail now, and every later call fails at once. */
    void engineDied(String notice)
    {
        deathNotice = requireNonNull(notice, "notice is null");
        sessions.forEach(session -> session.abort(notice));
    }

    Optional<String> deathNotice()
    {
        return Optional.ofNullable(deathNotice);
    }

    void checkAlive()
            throws SqlServiceException
    {
        String notice = deathNotice;
        if (notice != null) {
            throw new SqlServiceException(RemoteErrors.CONNECTION_FAILURE, notice);
        }
    }
}
