package dev.sparkjobs.flight;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * Carries the session id in a cookie, which Flight SQL clients (the JDBC driver, ADBC) keep per
 * connection. The id itself means nothing; {@link Sessions} maps it to a session. It also picks up
 * the operation id a gateway names for a call to a remote engine.
 */
final class SessionCookieMiddleware
        implements FlightServerMiddleware
{
    static final String COOKIE = EngineProtocol.SESSION_COOKIE;
    static final Key<SessionCookieMiddleware> KEY = Key.of("sparkjobs-session");

    private final Optional<String> incoming;
    private final Optional<String> operationId;
    private volatile String assigned;
    private final AtomicReference<Runnable> onEnd = new AtomicReference<>();

    private SessionCookieMiddleware(Optional<String> incoming, Optional<String> operationId)
    {
        this.incoming = incoming;
        this.operationId = operationId;
    }

    /** The operation id a gateway sent for this call ({@link EngineProtocol#OPERATION_HEADER}). */
    Optional<String> operationId()
    {
        return operationId;
    }

    Optional<String> sessionId()
    {
        return assigned != null ? Optional.of(assigned) : incoming;
    }

    void assign(String sessionId)
    {
        this.assigned = sessionId;
    }

    void expire()
    {
        this.assigned = "";
    }

    @Override
    public void onBeforeSendingHeaders(CallHeaders outgoing)
    {
        String id = assigned;
        if (id != null && !id.equals(incoming.orElse(null))) {
            outgoing.insert("set-cookie", id.isEmpty() ? COOKIE + "=; Max-Age=0" : COOKIE + "=" + id);
        }
    }

    /** Runs {@code action} when this call ends, however it ends; false if this call already has one. */
    boolean whenCallEnds(Runnable action)
    {
        return onEnd.compareAndSet(null, action);
    }

    @Override
    public void onCallCompleted(CallStatus status)
    {
        ended();
    }

    @Override
    public void onCallErrored(Throwable err)
    {
        ended();
    }

    private void ended()
    {
        Runnable action = onEnd.getAndSet(() -> { });
        if (action != null) {
            action.run();
        }
    }

    static final class Factory
            implements FlightServerMiddleware.Factory<SessionCookieMiddleware>
    {
        @Override
        public SessionCookieMiddleware onCallStarted(CallInfo info, CallHeaders incomingHeaders, RequestContext context)
        {
            Optional<String> id = Optional.empty();
            Iterable<String> cookies = incomingHeaders.getAll("cookie");
            if (cookies != null) {
                for (String header : cookies) {
                    for (String cookie : header.split(";")) {
                        String trimmed = cookie.trim();
                        if (trimmed.startsWith(COOKIE + "=") && trimmed.length() > COOKIE.length() + 1) {
                            id = Optional.of(trimmed.substring(COOKIE.length() + 1));
                        }
                    }
                }
            }
            String operation = incomingHeaders.get(EngineProtocol.OPERATION_HEADER);
            return new SessionCookieMiddleware(id, Optional.ofNullable(operation).filter(value -> !value.isEmpty()));
        }
    }
}
