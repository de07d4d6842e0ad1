package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.EngineProtocol;
import dev.sparkjobs.flight.SignedTickets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one Flight connection to a remote engine, shared by all sessions on it. Each
 * session's calls carry the engine's secret, the user and the session cookie as headers; the
 * cookie the engine assigns is caught by a middleware and handed to the session that made the call.
 * It owns the allocator results arrive in, and closes it with the connection.
 */
final class EngineClient
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(EngineClient.class);
    private static final ThreadLocal<Consumer<String>> COOKIE_SINK = new ThreadLocal<>();

    private final Location location;
    private final String secret;
    private final BufferAllocator allocator;
    private final FlightClient client;
    private final FlightSqlClient sql;
    private final SignedTickets tickets;

    EngineClient(Location location, String secret, BufferAllocator allocator)
    {
        this.location = requireNonNull(location, "location is null");
        this.secret = requireNonNull(secret, "secret is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.client = FlightClient.builder(allocator, location).intercept(new CookieCatcher()).build();
        this.sql = new FlightSqlClient(client);
        this.tickets = new SignedTickets(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    }

    Location location()
    {
        return location;
    }

    String secret()
    {
        return secret;
    }

    BufferAllocator allocator()
    {
        return allocator;
    }

    FlightClient flight()
    {
        return client;
    }

    FlightSqlClient sql()
    {
        return sql;
    }

    SignedTickets tickets()
    {
        return tickets;
    }

    /** Runs a call whose new session cookie, if the engine assigns one, goes to {@code sink}. */
    static <T> T catchingCookie(Consumer<String> sink, java.util.function.Supplier<T> call)
    {
        COOKIE_SINK.set(sink);
        try {
            return call.get();
        }
        finally {
            COOKIE_SINK.remove();
        }
    }

    @Override
    public void close()
    {
        try {
            sql.close();
        }
        catch (Exception e) {
            // the channel is going away with the engine
        }
        try {
            allocator.close();
        }
        catch (IllegalStateException e) {
            // A result still open elsewhere holds batches of this engine: they go when it closes.
            log.warn("Results of the engine at {} are still open: {}", location, e.getMessage());
        }
    }

    private static final class CookieCatcher
            implements FlightClientMiddleware.Factory
    {
        @Override
        public FlightClientMiddleware onCallStarted(CallInfo info)
        {
            Optional<Consumer<String>> sink = Optional.ofNullable(COOKIE_SINK.get());
            return new FlightClientMiddleware()
            {
                @Override
                public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

                @Override
                public void onHeadersReceived(CallHeaders incomingHeaders)
                {
                    if (sink.isEmpty()) {
                        return;
                    }
                    Iterable<String> cookies = incomingHeaders.getAll("set-cookie");
                    if (cookies == null) {
                        return;
                    }
                    for (String cookie : cookies) {
                        String first = cookie.split(";", 2)[0].trim();
                        if (first.startsWith(EngineProtocol.SESSION_COOKIE + "=")) {
                            sink.get().accept(first.substring(EngineProtocol.SESSION_COOKIE.length() + 1));
                        }
                    }
                }

                @Override
                public void onCallCompleted(CallStatus status) {}
            };
        }
    }
}
