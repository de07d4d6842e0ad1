package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hive.service.rpc.thrift.TOperationHandle;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TSessionHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HiveServer2 door's sessions and operations, by handle. Both maps are bounded: a session
 * idle past the session timeout is closed (with its operations), an operation idle past the
 * operation timeout is closed, and no more than {@link #MAX_SESSIONS} sessions are open at once.
 */
final class Hs2Sessions
        implements AutoCloseable
{
    static final int MAX_SESSIONS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(Hs2Sessions.class);

    private final SqlService service;
    private final Duration sessionIdleTimeout;
    private final Duration operationIdleTimeout;
    private final Map<UUID, Hs2Session> sessions = new ConcurrentHashMap<>();
    private final Map<UUID, Operation> operations = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;

    Hs2Sessions(SqlService service, Duration sessionIdleTimeout, Duration operationIdleTimeout)
    {
        this.service = requireNonNull(service, "service is null");
        this.sessionIdleTimeout = requireNonNull(sessionIdleTimeout, "sessionIdleTimeout is null");
        this.operationIdleTimeout = requireNonNull(operationIdleTimeout, "operationIdleTimeout is null");
        this.reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hs2-reaper");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, Math.min(Math.min(sessionIdleTimeout.toSeconds(), operationIdleTimeout.toSeconds()) / 2, 60));
        reaper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.SECONDS);
    }

    Hs2Session open(String user, TProtocolVersion protocol, Map<String, String> options, String clientAddress)
            throws SqlServiceException
    {
        if (sessions.size() >= MAX_SESSIONS) {
            throw new SqlServiceException(Hs2Errors.TOO_MANY, "the gateway has " + MAX_SESSIONS + " HiveServer2 sessions open: close idle connections and try again");
        }
        Map<String, String> properties = new java.util.HashMap<>(options);
        properties.put("sparkjobs.protocol", "hiveserver2");
        properties.put("sparkjobs.client.address", clientAddress);
        SqlSession sql = service.openSession(user, properties);
        Hs2Session session = new Hs2Session(sql, protocol, clientAddress);
        sessions.put(session.key(), session);
        log.debug("HiveServer2 session {} opened for {} from {} ({})", session.key(), user, clientAddress, protocol);
        return session;
    }

    /** The open session a handle names; refreshes its idle clock. */
    Hs2Session session(TSessionHandle handle)
            throws SqlServiceException
    {
        Hs2Session session = handle == null ? null : Handles.key(handle.getSessionId()).map(sessions::get).orElse(null);
        if (session == null || session.isClosed() || !session.matches(handle.getSessionId()) || !ownedByCaller(session)) {
            throw Hs2Errors.invalidSession();
        }
        session.touch();
        return session;
    }

    /** A caller who proved who they are reaches only their own sessions, whatever handles they hold. */
    private static boolean ownedByCaller(Hs2Session session)
    {
        return ClientConnection.current()
                .flatMap(ClientConnection::authenticatedUser)
                .map(user -> user.equals(session.user()))
                .orElse(true);
    }

    /** Closes a session; a session that is already gone is not an error. */
    void closeSession(TSessionHandle handle)
    {
        if (handle == null) {
            return;
        }
        Handles.key(handle.getSessionId()).ifPresent(key -> {
            Hs2Session session = sessions.get(key);
            if (session != null && session.matches(handle.getSessionId()) && ownedByCaller(session)) {
                close(session);
            }
        });
    }

    /** Closes the sessions a vanished client left open. */
    void closeSessions(List<UUID> keys)
    {
        for (UUID key : keys) {
            Hs2Session session = sessions.get(key);
            if (session != null) {
                close(session);
            }
        }
    }

    private void close(Hs2Session session)
    {
        sessions.remove(session.key(), session);
        for (Operation operation : session.operations()) {
            operations.remove(operation.key(), operation);
        }
        session.close();
        log.debug("HiveServer2 session {} of {} closed", session.key(), session.user());
    }

    void add(Operation operation)
            throws SqlServiceException
    {
        operation.session().add(operation);
        operations.put(operation.key(), operation);
    }

    /** The operation a handle names, if its session is still open; refreshes both idle clocks. */
    Operation operation(TOperationHandle handle)
            throws SqlServiceException
    {
        Operation operation = handle == null ? null : Handles.key(handle.getOperationId()).map(operations::get).orElse(null);
        if (operation == null || !operation.matches(handle.getOperationId()) || operation.state() == OperationState.CLOSED
                || operation.session().isClosed() || !ownedByCaller(operation.session())) {
            throw Hs2Errors.invalidOperation();
        }
        operation.touch();
        operation.session().touch();
        return operation;
    }

    /** Closes an operation; one that is already gone is not an error. */
    void closeOperation(TOperationHandle handle)
    {
        if (handle == null) {
            return;
        }
        Handles.key(handle.getOperationId()).ifPresent(key -> {
            Operation operation = operations.get(key);
            if (operation != null && operation.matches(handle.getOperationId()) && ownedByCaller(operation.session())) {
                remove(operation);
            }
        });
    }

    /** Forgets and closes an operation. */
    void remove(Operation operation)
    {
        operations.remove(operation.key(), operation);
        operation.session().remove(operation);
        operation.close();
    }

    int openSessions()
    {
        return sessions.size();
    }

    int openOperations()
    {
        return operations.size();
    }

    private void closeIdle()
    {
        try {
            long now = System.nanoTime();
            for (Hs2Session session : List.copyOf(sessions.values())) {
                if (now - session.lastAccessNanos() > sessionIdleTimeout.toNanos()) {
                    log.info("Closing HiveServer2 session {} of {}: idle for more than {}", session.key(), session.user(), sessionIdleTimeout);
                    close(session);
                }
            }
            for (Operation operation : List.copyOf(operations.values())) {
                boolean idle = now - operation.lastAccessNanos() > operationIdleTimeout.toNanos();
                if (operation.session().isClosed() || operation.state() == OperationState.CLOSED || idle) {
                    remove(operation);
                }
            }
        }
        catch (RuntimeException e) {
            log.warn("Closing idle HiveServer2 sessions failed", e);
        }
    }

    @Override
    public void close()
    {
        reaper.shutdownNow();
        for (Hs2Session session : List.copyOf(sessions.values())) {
            close(session);
        }
        operations.clear();
    }
}
