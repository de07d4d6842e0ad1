package dev.sparkjobs.flight;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A running Flight SQL endpoint: the producer on a port, with basic-to-bearer authentication and
 * TLS when a certificate is configured.
 */
public final class FlightSqlEndpoint
        implements AutoCloseable
{
    /** How an endpoint listens and whom it lets in. */
    public record Settings(
            String host,
            int port,
            Optional<Path> tlsCertificate,
            Optional<Path> tlsPrivateKey,
            Authenticator authenticator,
            boolean authenticationRequired,
            Duration sessionIdleTimeout,
            Duration tokenLifetime)
    {
        public Settings
        {
            requireNonNull(host, "host is null");
            requireNonNull(tlsCertificate, "tlsCertificate is null");
            requireNonNull(tlsPrivateKey, "tlsPrivateKey is null");
            requireNonNull(authenticator, "authenticator is null");
            requireNonNull(sessionIdleTimeout, "sessionIdleTimeout is null");
            requireNonNull(tokenLifetime, "tokenLifetime is null");
            if (tlsCertificate.isPresent() != tlsPrivateKey.isPresent()) {
                throw new IllegalArgumentException("TLS needs both a certificate and a private key");
            }
        }

        public boolean tls()
        {
            return tlsCertificate.isPresent();
        }
    }

    private final FlightServer server;
    private final SparkJobsFlightSqlProducer producer;
    private final Settings settings;

    private FlightSqlEndpoint(FlightServer server, SparkJobsFlightSqlProducer producer, Settings settings)
    {
        this.server = server;
        this.producer = producer;
        this.settings = settings;
    }

    public static FlightSqlEndpoint start(SqlService service, BufferAllocator allocator, Settings settings)
            throws IOException
    {
        return start(service, allocator, settings, Optional.empty(), SparkJobsFlightSqlProducer.Options.DEFAULT);
    }

    /**
     * Starts an endpoint with producer options (direct results, signed tickets) and, for a remote
     * engine, a header authenticator of its own in place of the settings' basic-to-bearer one.
     */
    public static FlightSqlEndpoint start(
            SqlService service,
            BufferAllocator allocator,
            Settings settings,
            Optional<CallHeaderAuthenticator> headerAuthenticator,
            SparkJobsFlightSqlProducer.Options options)
            throws IOException
    {
        Location location = settings.tls()
                ? Location.forGrpcTls(settings.host(), settings.port())
                : Location.forGrpcInsecure(settings.host(), settings.port());
        SparkJobsFlightSqlProducer producer = new SparkJobsFlightSqlProducer(service, allocator, settings.sessionIdleTimeout(), options);
        CallHeaderAuthenticator authenticator = headerAuthenticator.orElseGet(() ->
                new BearerTokenAuthenticator(settings.authenticator(), settings.authenticationRequired(), settings.tokenLifetime(), Clock.systemUTC()));
        FlightServer.Builder builder = FlightServer.builder(allocator, location, producer)
                .headerAuthenticator(authenticator)
                .middleware(SessionCookieMiddleware.KEY, new SessionCookieMiddleware.Factory());
        if (settings.tls()) {
            builder.useTls(settings.tlsCertificate().get().toFile(), settings.tlsPrivateKey().get().toFile());
        }
        FlightServer server = builder.build();
        try {
            server.start();
        }
        catch (IOException | RuntimeException e) {
            producer.close();
            throw new IOException("Flight SQL cannot listen on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
        }
        return new FlightSqlEndpoint(server, producer, settings);
    }

    public int port()
    {
        return server.getPort();
    }

    public String uri()
    {
        return (settings.tls() ? "grpc+tls://" : "grpc+tcp://") + settings.host() + ":" + port();
    }

    public int openSessions()
    {
        return producer.openSessions();
    }

    @Override
    public void close()
            throws InterruptedException
    {
        producer.close();
        server.shutdown();
        if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
            server.close();
        }
    }
}
