package dev.sparkjobs.gateway.hs2;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.Authenticator;
import dev.sparkjobs.flight.SqlService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hive.service.rpc.thrift.TCLIService;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TSaslServerTransport;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HiveServer2 front door: TCLIService over Thrift's binary transport (one thread per
 * connection, NOSASL and SASL PLAIN on the same port) and over HTTP ({@code /cliservice}). It
 * translates the protocol into calls on a {@link SqlService} and knows nothing of the planner or
 * the engines behind it.
 */
public final class Hs2Endpoint
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(Hs2Endpoint.class);
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;

    /** How the door listens, whom it lets in, and how much it holds. */
    public record Settings(
            String host,
            int port,
            int httpPort,
            Authenticator authenticator,
            boolean authenticationRequired,
            Duration sessionIdleTimeout,
            Duration operationIdleTimeout,
            int maxConnections,
            int statementThreads,
            int statementQueue)
    {
        public Settings
        {
            requireNonNull(host, "host is null");
            requireNonNull(authenticator, "authenticator is null");
            requireNonNull(sessionIdleTimeout, "sessionIdleTimeout is null");
            requireNonNull(operationIdleTimeout, "operationIdleTimeout is null");
            if (maxConnections < 1 || statementThreads < 1 || statementQueue < 1) {
                throw new IllegalArgumentException("connections, statement threads and statement queue must be positive");
            }
        }

        /**
         * The defaults: 500 connections, 100 statements running in the background, 1,000 waiting.
         * A negative HTTP port serves no HTTP transport.
         */
        public static Settings of(String host, int port, int httpPort, Authenticator authenticator, boolean authenticationRequired, Duration idleTimeout)
        {
            return new Settings(host, port, httpPort, authenticator, authenticationRequired, idleTimeout, idleTimeout, 500, 100, 1_000);
        }
    }

    private final Settings settings;
    private final BufferAllocator allocator;
    private final Hs2Sessions sessions;
    private final Hs2Executors executors;
    private final ConnectionEvents connections;
    private final ServerSocket socket;
    private final TCLIService.Processor<Hs2Service> processor;
    private final TThreadPoolServer server;
    private final Thread serving;
    private HttpTransport http;

    private Hs2Endpoint(SqlService service, Settings settings, BufferAllocator allocator, ServerSocket socket)
            throws TTransportException
    {
        TServerSocket transport = new TServerSocket(socket);
        this.settings = settings;
        this.allocator = allocator;
        this.socket = socket;
        this.sessions = new Hs2Sessions(service, settings.sessionIdleTimeout(), settings.operationIdleTimeout());
        this.executors = new Hs2Executors(settings.statementThreads(), settings.statementQueue());
        this.connections = new ConnectionEvents(sessions);
        PlainSasl.install();
        TSaslServerTransport.Factory sasl = new TSaslServerTransport.Factory();
        sasl.addServerDefinition(PlainSasl.MECHANISM, "hive", "spark-jobs", Map.of(), new PlainSasl.Authentication(settings.authenticator()));
        ThreadPoolExecutor workers = new ThreadPoolExecutor(0, settings.maxConnections(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Hs2Executors.daemons("hs2-connection-"));
        this.processor = new TCLIService.Processor<>(new Hs2Service(service, sessions, executors, allocator, settings.authenticationRequired()));
        this.server = new TThreadPoolServer(new TThreadPoolServer.Args(transport)
                .processor(processor)
                .transportFactory(new BinaryTransports(sasl, HANDSHAKE_TIMEOUT_MILLIS))
                .protocolFactory(new TBinaryProtocol.Factory())
                .executorService(workers)
                .stopTimeoutVal(2)
                .stopTimeoutUnit(TimeUnit.SECONDS));
        server.setServerEventHandler(connections);
        this.serving = new Thread(server::serve, "hs2-binary-accept");
        serving.setDaemon(true);
    }

    /** Binds the port and starts serving; returns once the port accepts connections. */
    public static Hs2Endpoint start(SqlService service, BufferAllocator parent, Settings settings)
            throws IOException
    {
        requireNonNull(service, "service is null");
        requireNonNull(settings, "settings is null");
        ServerSocket socket = new ServerSocket();
        BufferAllocator allocator = null;
        Hs2Endpoint endpoint = null;
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(settings.host(), settings.port()), 128);
            allocator = parent.newChildAllocator("hs2", 0, Long.MAX_VALUE);
            endpoint = new Hs2Endpoint(service, settings, allocator, socket);
            endpoint.serving.start();
            endpoint.awaitServing();
            if (settings.httpPort() >= 0) {
                endpoint.startHttp();
            }
            log.info("HiveServer2 door listening on {}:{} ({}){}", settings.host(), endpoint.port(),
                    settings.authenticationRequired() ? "SASL PLAIN with configured users" : "NOSASL or SASL PLAIN, any user",
                    endpoint.http == null ? "" : " and HTTP port " + endpoint.httpPort().getAsInt() + " at " + HttpTransport.PATH);
            return endpoint;
        }
        catch (IOException | TTransportException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (endpoint != null) {
                endpoint.close();
            }
            else {
                socket.close();
                if (allocator != null) {
                    allocator.close();
                }
            }
            throw new IOException("HiveServer2 cannot listen on " + settings.host() + ":" + settings.port()
                    + (settings.httpPort() >= 0 ? " (HTTP " + settings.httpPort() + ")" : "") + ": " + e.getMessage(), e);
        }
    }

    private void startHttp()
            throws InterruptedException
    {
        http = HttpTransport.start(settings.host(), settings.httpPort(), processor, settings.authenticator(), settings.authenticationRequired(),
                settings.maxConnections());
    }

    private void awaitServing()
            throws IOException, InterruptedException
    {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.isServing()) {
            if (!serving.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("the HiveServer2 server thread did not start");
            }
            Thread.sleep(5);
        }
    }

    public int port()
    {
        return socket.getLocalPort();
    }

    /** The HTTP transport's port, when it is served. */
    public OptionalInt httpPort()
    {
        return http == null ? OptionalInt.empty() : OptionalInt.of(http.port());
    }

    public int openSessions()
    {
        return sessions.openSessions();
    }

    int openOperations()
    {
        return sessions.openOperations();
    }

    /** Arrow memory the door's results hold right now. */
    public long allocatedBytes()
    {
        return allocator.getAllocatedMemory();
    }

    /** Stops accepting, drops every connection, closes every session and releases their memory. */
    @Override
    public void close()
    {
        if (http != null) {
            http.close();
        }
        server.stop();
        connections.disconnectAll();
        try {
            serving.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executors.close();
        sessions.close();
        try {
            allocator.close();
        }
        catch (RuntimeException e) {
            log.warn("HiveServer2 results still held Arrow memory at shutdown: {}", e.getMessage());
        }
        log.info("HiveServer2 door on port {} stopped", port());
    }
}
