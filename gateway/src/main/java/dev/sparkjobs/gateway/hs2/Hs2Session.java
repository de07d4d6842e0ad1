package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.flight.SqlSession;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hive.service.rpc.thrift.THandleIdentifier;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TSessionHandle;

/**
 * A HiveServer2 session: the gateway session behind it, the protocol version agreed at open, and
 * the operations it has open (at most {@link #MAX_OPERATIONS}; past that the least recently used
 * finished one is closed). Closing the session closes its operations, then the gateway session.
 */
final class Hs2Session
{
    static final int MAX_OPERATIONS = 1_000;

    private final Handles.Handle handle = Handles.create();
    private final SqlSession sql;
    private final TProtocolVersion protocol;
    private final String clientAddress;
    private final Map<UUID, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, String> clientInfo = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastAccessNanos = System.nanoTime();

    Hs2Session(SqlSession sql, TProtocolVersion protocol, String clientAddress)
    {
        this.sql = requireNonNull(sql, "sql is null");
        this.protocol = requireNonNull(protocol, "protocol is null");
        this.clientAddress = requireNonNull(clientAddress, "clientAddress is null");
    }

    UUID key()
    {
        return handle.key();
    }

    boolean matches(THandleIdentifier identifier)
    {
        return handle.matches(identifier);
    }

    TSessionHandle toThrift()
    {
        return new TSessionHandle(handle.toThrift());
    }

    SqlSession sql()
    {
        return sql;
    }

    String user()
    {
        return sql.user();
    }

    TProtocolVersion protocol()
    {
        return protocol;
    }

    String clientAddress()
    {
        return clientAddress;
    }

    void touch()
    {
        lastAccessNanos = System.nanoTime();
    }

    long lastAccessNanos()
    {
        return lastAccessNanos;
    }

    boolean isClosed()
    {
        return closed.get();
    }

    void setClientInfo(Map<String, String> info)
    {
        info.forEach((key, value) -> {
            if (key != null && value != null && clientInfo.size() < 100) {
                clientInfo.put(key, value);
            }
        });
    }

    Optional<String> clientInfo(String key)
    {
        return Optional.ofNullable(clientInfo.get(key));
    }

    void add(Operation operation)
            throws SqlServiceException
    {
        if (closed.get()) {
            throw Hs2Errors.invalidSession();
        }
        if (operations.size() >= MAX_OPERATIONS) {
            operations.values().stream()
                    .filter(candidate -> candidate.state().isDone())
                    .min(Comparator.comparingLong(Operation::lastAccessNanos))
                    .ifPresent(oldest -> {
                        operations.remove(oldest.key());
                        oldest.close();
                    });
            if (operations.size() >= MAX_OPERATIONS) {
                throw new SqlServiceException(Hs2Errors.TOO_MANY, "this session has " + MAX_OPERATIONS
                        + " operations running: wait for some to finish, or cancel them");
            }
        }
        operations.put(operation.key(), operation);
        if (closed.get()) {
            operations.remove(operation.key());
            throw Hs2Errors.invalidSession();
        }
    }

    void remove(Operation operation)
    {
        operations.remove(operation.key(), operation);
    }

    Collection<Operation> operations()
    {
        return List.copyOf(operations.values());
    }

    /** Closes the operations, then the gateway session; later calls do nothing. */
    void close()
    {
        if (closed.compareAndSet(false, true)) {
            try {
                for (Operation operation : List.copyOf(operations.values())) {
                    operation.close();
                }
                operations.clear();
            }
            finally {
                sql.close();
            }
        }
    }
}
