package dev.sparkjobs.gateway;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every open client session, whichever door it came through: what {@code system.sessions} shows.
 * A door names itself and the client's address with the session properties
 * {@value #PROTOCOL} and {@value #CLIENT_ADDRESS}; they are not passed on to Spark.
 */
public final class SessionRegistry
{
    public static final String PROTOCOL = "sparkjobs.protocol";
    public static final String CLIENT_ADDRESS = "sparkjobs.client.address";
    public static final String TENANT = "sparkjobs.tenant";

    /** One open session and its activity. */
    public static final class Entry
    {
        private final String sessionId;
        private final String user;
        private final Optional<String> tenant;
        private final String protocol;
        private final Optional<String> clientAddress;
        private final Instant openedAt;
        private final String engineId;
        private volatile Instant lastUsedAt;
        private final AtomicInteger operationsActive = new AtomicInteger();
        private final AtomicLong operationsTotal = new AtomicLong();

        Entry(String sessionId, String user, Optional<String> tenant, String protocol, Optional<String> clientAddress, Instant openedAt, String engineId)
        {
            this.sessionId = requireNonNull(sessionId, "sessionId is null");
            this.user = requireNonNull(user, "user is null");
            this.tenant = requireNonNull(tenant, "tenant is null");
            this.protocol = requireNonNull(protocol, "protocol is null");
            this.clientAddress = requireNonNull(clientAddress, "clientAddress is null");
            this.openedAt = requireNonNull(openedAt, "openedAt is null");
            this.engineId = requireNonNull(engineId, "engineId is null");
            this.lastUsedAt = openedAt;
        }

        void operationStarted(Instant at)
        {
            lastUsedAt = at;
            operationsActive.incrementAndGet();
            operationsTotal.incrementAndGet();
        }

        void operationEnded(Instant at)
        {
            lastUsedAt = at;
            operationsActive.decrementAndGet();
        }

        Object[] row()
        {
            return new Object[] {sessionId, user, tenant.orElse(null), protocol, clientAddress.orElse(null), openedAt, lastUsedAt, operationsActive.get(),
                    operationsTotal.get(), engineId};
        }
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    public SessionRegistry(Clock clock)
    {
        this.clock = requireNonNull(clock, "clock is null");
    }

    Entry open(String sessionId, String user, Map<String, String> properties, String engineId)
    {
        Entry entry = new Entry(sessionId, user, Optional.ofNullable(properties.get(TENANT)), properties.getOrDefault(PROTOCOL, "unknown"),
                Optional.ofNullable(properties.get(CLIENT_ADDRESS)), clock.instant(), engineId);
        sessions.put(sessionId, entry);
        return entry;
    }

    void close(String sessionId)
    {
        sessions.remove(sessionId);
    }

    Clock clock()
    {
        return clock;
    }

    public int size()
    {
        return sessions.size();
    }

    /** Rows in the column order of {@code system.sessions}. */
    public List<Object[]> rows()
    {
        List<Entry> entries = new ArrayList<>(sessions.values());
        entries.sort(Comparator.comparing(entry -> entry.openedAt));
        return entries.stream().map(Entry::row).toList();
    }
}
