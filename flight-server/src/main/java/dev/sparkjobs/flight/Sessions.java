package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Flight front door's sessions: keyed by an opaque id, closed when idle past a timeout. */
final class Sessions
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final SqlService service;
    private final Duration idleTimeout;
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;

    private static final class Entry
    {
        final SqlSession session;
        volatile long lastUsedNanos = System.nanoTime();
        /** Calls of the session under way: a session is idle only between calls, never during a long one. */
        final AtomicInteger calls = new AtomicInteger();

        Entry(SqlSession session)
        {
            this.session = session;
        }
    }

    Sessions(SqlService service, Duration idleTimeout)
    {
        this.service = requireNonNull(service, "service is null");
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout is null");
        this.reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flight-session-reaper");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, Math.min(idleTimeout.toSeconds(), 60));
        reaper.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.SECONDS);
    }

    /** The session for this call: the client's own, or a new one bound to its cookie. */
    SqlSession sessionFor(SessionCookieMiddleware cookie, String user)
            throws SqlServiceException
    {
        if (cookie != null) {
            String id = cookie.sessionId().orElse(null);
            if (id != null) {
                Entry entry = sessions.get(id);
                if (entry != null && entry.session.user().equals(user)) {
                    return use(entry, cookie);
                }
            }
        }
        SqlSession session = service.openSession(user, Map.of("sparkjobs.protocol", "flight-sql"));
        String id = UUID.randomUUID().toString();
        Entry entry = new Entry(session);
        sessions.put(id, entry);
        if (cookie != null) {
            cookie.assign(id);
        }
        return use(entry, cookie);
    }

    /** The session of this call, busy until the call ends (a query that runs past the idle timeout keeps its session). */
    private static SqlSession use(Entry entry, SessionCookieMiddleware cookie)
    {
        entry.lastUsedNanos = System.nanoTime();
        if (cookie != null) {
            entry.calls.incrementAndGet();
            boolean first = cookie.whenCallEnds(() -> {
                entry.lastUsedNanos = System.nanoTime();
                entry.calls.decrementAndGet();
            });
            if (!first) {
                // This call already counts for a session.
                entry.calls.decrementAndGet();
            }
        }
        return entry.session;
    }

    void close(SessionCookieMiddleware cookie)
    {
        if (cookie == null) {
            return;
        }
        cookie.sessionId().map(sessions::remove).ifPresent(entry -> entry.session.close());
        cookie.expire();
    }

    int size()
    {
        return sessions.size();
    }

    private void closeIdle()
    {
        long cutoff = System.nanoTime() - idleTimeout.toNanos();
        List<String> idle = new ArrayList<>();
        sessions.forEach((id, entry) -> {
            if (entry.calls.get() == 0 && entry.lastUsedNanos < cutoff) {
                idle.add(id);
            }
        });
        for (String id : idle) {
            Entry entry = sessions.remove(id);
            if (entry != null) {
                log.info("Closing session {} of {}: idle for more than {}", entry.session.id(), entry.session.user(), idleTimeout);
                entry.session.close();
            }
        }
    }

    @Override
    public void close()
    {
        reaper.shutdownNow();
        sessions.values().forEach(entry -> entry.session.close());
        sessions.clear();
    }
}
