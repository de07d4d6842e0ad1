package dev.sparkjobs.gateway;

import dev.sparkjobs.flight.SparkJobsFlightSqlProducer;
import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.gateway.engines.EmbeddedEngines;
import dev.sparkjobs.gateway.engines.Engines;
import dev.sparkjobs.gateway.engines.PoolDefinitions;
import dev.sparkjobs.gateway.engines.PooledEngines;
import dev.sparkjobs.gateway.engines.RunLease;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.gateway.jobs.EngineWarmer;
import dev.sparkjobs.gateway.jobs.JobManager;
import dev.sparkjobs.gateway.statements.ExtendedStatements;
import dev.sparkjobs.gateway.statements.Introspection;
import dev.sparkjobs.gateway.statements.Lineage;
import dev.sparkjobs.gateway.statements.RuntimeStreamControl;
import dev.sparkjobs.pool.stream.StreamRuntime;
import dev.sparkjobs.gateway.statements.SystemCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.Authenticator;
import dev.sparkjobs.flight.FlightSqlEndpoint;
import dev.sparkjobs.gateway.metastore.MetadataDatabase;
import dev.sparkjobs.pool.Engine;
import dev.sparkjobs.gateway.hs2.Hs2Endpoint;
import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import dev.sparkjobs.pool.embedded.EmbeddedEngineConfig;
import dev.sparkjobs.pool.PoolConfig;
import dev.sparkjobs.pool.kubernetes.KubernetesCluster;
import dev.sparkjobs.pool.kubernetes.KubernetesEngineProvider;
import dev.sparkjobs.pool.process.ProcessEngineProvider;
import dev.sparkjobs.pool.process.ProcessProviderConfig;
import java.net.InetAddress;
import java.util.Optional;
import dev.sparkjobs.sql.CalciteFrontDoor;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the HTTP port first (so {@code /healthz} can say 503 while the rest starts),
 * then the metadata database (migrated to the current schema), the engines (the embedded engine,
 * warmed, or the pools of the {@code process} provider, warming their minimum in the background),
 * then the Flight SQL door, then the HiveServer2 door. Closing stops them in reverse order, the
 * pools before the memory allocator their results live in.
 */
public final class Gateway
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private static final Duration FILE_ARRIVAL_POLL = Duration.ofSeconds(2);

    private final GatewayConfig config;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final BufferAllocator allocator = new RootAllocator();
    private volatile boolean ready;
    private static final Duration DIRECT_TICKET_LIFETIME = Duration.ofMinutes(5);

    private final Supplier<Engine> engineFactory;
    private final boolean ownsEngine;
    private HttpEndpoint http;
    private MetadataDatabase metadata;
    private Engines engines;
    private GatewaySqlService service;
    private final SessionRegistry sessions = new SessionRegistry(Clock.systemUTC());
    private JobManager jobs;
    private EngineWarmer warmer;
    private StreamRuntime streams;
    private FlightSqlEndpoint flight;
    private Hs2Endpoint hs2;

    private Gateway(GatewayConfig config, Supplier<Engine> engineFactory, boolean ownsEngine)
    {
        this.config = requireNonNull(config, "config is null").validate();
        this.engineFactory = requireNonNull(engineFactory, "engineFactory is null");
        this.ownsEngine = ownsEngine;
    }

    /** Starts a gateway with its own engines (an embedded one, or the pools of {@code engine.provider}), stopped with the gateway. */
    public static Gateway start(GatewayConfig config)
            throws IOException, InterruptedException
    {
        return start(new Gateway(config, () -> EmbeddedEngine.start(new EmbeddedEngineConfig(
                config.dataDirectory(), config.sparkMaster(), config.sparkConf(), config.sparkUi())), true));
    }

    /**
     * Starts a gateway on an engine that outlives it (tests share one Spark per JVM this way); with
     * {@code engine.provider = process} the gateway runs on its pools and leaves this engine alone.
     */
    public static Gateway start(GatewayConfig config, Engine sharedEngine)
            throws IOException, InterruptedException
    {
        requireNonNull(sharedEngine, "sharedEngine is null");
        return start(new Gateway(config, () -> sharedEngine, false));
    }

    private static Gateway start(Gateway gateway)
            throws IOException, InterruptedException
    {
        try {
            gateway.startServices();
        }
        catch (IOException | InterruptedException | RuntimeException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private void startServices()
            throws IOException, InterruptedException
    {
        Map<String, Supplier<HttpEndpoint.Response>> routes = new LinkedHashMap<>();
        routes.put("/healthz", () -> ready ? HttpEndpoint.Response.text(200, "ok\n") : HttpEndpoint.Response.text(503, "starting\n"));
        routes.put("/metrics", () -> new HttpEndpoint.Response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        try {
            http = HttpEndpoint.start(config.bindHost(), config.httpPort(), routes);
        }
        catch (RuntimeException e) {
            throw new IOException("HTTP cannot listen on " + config.bindHost() + ":" + config.httpPort() + ": " + e.getMessage(), e);
        }

        metadata = MetadataDatabase.open(config.metadata(), config.dataDirectory(), Clock.systemUTC());
        log.info("Metadata database: {} (schema version {})", metadata.description(), metadata.schemaVersion());

        engines = startEngines();
        Engines runEngines = engines;
        jobs = new JobManager(metadata, new JobManager.RunEngines()
        {
            @Override
            public RunLease lease(Job job, String owner, String runId)
                    throws SqlServiceException
            {
                return runEngines.leaseForRun(job, owner, runId);
            }

            @Override
            public org.apache.hadoop.conf.Configuration hadoopConfiguration(Job job)
            {
                // The embedded engine's configuration carries the spark.hadoop.* settings (object-store credentials).
                return runEngines.embedded().map(embedded -> embedded.spark().sparkContext().hadoopConfiguration())
                        .orElseGet(org.apache.hadoop.conf.Configuration::new);
            }
        }, config.dataDirectory(), allocator, Clock.systemUTC(), FILE_ARRIVAL_POLL);
        SystemCatalog system = new SystemCatalog(metadata.dataSource(), Map.of("sessions", sessions::rows, "engines", engines::engineRows,
                "pools", engines::poolRows));
        warmUp(system);
        ExtendedStatements.StreamControl streamControl = ExtendedStatements.StreamControl.DEFINITIONS_ONLY;
        Optional<EmbeddedEngine> embedded = engines.embedded();
        if (embedded.isPresent()) {
            RuntimeStreamControl runtimeControl = new RuntimeStreamControl(metadata, (kind, stream, runId, message, details) ->
                    jobs.raiseAlert(kind, "stream", stream, runId, message, details, Optional.empty()));
            streams = new StreamRuntime(embedded.get().spark(), config.dataDirectory(), runtimeControl);
            runtimeControl.start(streams);
            streamControl = runtimeControl;
        }
        Introspection introspection = new Introspection(metadata, system, jobs, streamControl, allocator, new Lineage());
        ExtendedStatements extended = new ExtendedStatements(metadata, jobs, streamControl, introspection, engines::poolChanged);
        service = new GatewaySqlService(engines.sessions(), engines::engineOf, new CalciteFrontDoor(), metrics, sessions, extended, system);

        Authenticator authenticator = config.authenticationRequired() ? Passwords.authenticator(config.users()) : Authenticator.ANY_USER;
        // With remote engines a query's FlightInfo may name the engine itself; the embedded engine has no endpoint of its own.
        boolean direct = config.engine().directResults() && !config.engine().embedded();
        flight = FlightSqlEndpoint.start(service, allocator, new FlightSqlEndpoint.Settings(
                config.bindHost(), config.flightPort(), config.tlsCertificate(), config.tlsPrivateKey(),
                authenticator, config.authenticationRequired(), config.sessionIdleTimeout(), config.tokenLifetime()),
                Optional.empty(), new SparkJobsFlightSqlProducer.Options(Optional.empty(), direct, DIRECT_TICKET_LIFETIME));
        hs2 = Hs2Endpoint.start(service, allocator, Hs2Endpoint.Settings.of(
                config.bindHost(), config.hs2Port(), config.hs2HttpPort(), authenticator, config.authenticationRequired(), config.sessionIdleTimeout()));
        jobs.start();
        if (!config.engine().embedded()) {
            warmer = new EngineWarmer(metadata.jobs(), jobs.scheduler(), engines, config.engine().warmAhead(), Clock.systemUTC()).start();
        }
        ready = true;
        log.info("Gateway ready: Flight SQL {}, HiveServer2 {}, HTTP {}", flight.uri(), hs2.port(), http.port());
    }

    /** The streams' runtime on the embedded engine (tests wait on it); empty on other engines. */
    Optional<StreamRuntime> streamRuntime()
    {
        return Optional.ofNullable(streams);
    }

    /** Calcite compiles its first query's code for seconds: do it now, so the first SHOW JOBS answers at once. */
    private static void warmUp(SystemCatalog system)
    {
        try {
            system.execute("SELECT j.name, COUNT(r.run_id) FROM system.jobs j LEFT JOIN system.job_runs r ON r.job = j.name WHERE j.name LIKE 'x%' GROUP BY j.name ORDER BY 1");
        }
        catch (SqlServiceException e) {
            log.warn("Warming up the system tables failed: {}", e.getMessage());
        }
    }

    /**
     * The embedded engine, or the pools of the process provider (engines under {@code <data>/engines/}),
     * or those of the kubernetes provider (driver pods on the clusters of {@code engine.kubernetes.*}).
     */
    private Engines startEngines()
            throws IOException
    {
        PoolConfig defaultPool = PoolDefinitions.defaultPool(config.engine(), config.sparkConf(), config.sparkUi());
        if (config.engine().embedded()) {
            return new EmbeddedEngines(engineFactory.get(), ownsEngine, metadata.pools(), defaultPool, Clock.systemUTC());
        }
        if (config.engine().provider().equals(EngineSettings.KUBERNETES)) {
            KubernetesEngineProvider provider = KubernetesEngineProvider.owningClients(
                    config.engine().kubernetes().providerConfig(kubernetesClusters(config.engine().kubernetes())), allocator);
            log.info("Engines: {} provider, driver pods of image {} on clusters {}, default pool {}", provider.name(),
                    config.engine().kubernetes().image().orElse(""), describeClusters(config.engine().kubernetes()), defaultPool);
            return new PooledEngines(provider, metadata.pools(), defaultPool, Clock.systemUTC()).start();
        }
        // Engines listen where the gateway does; clients fetching direct results must reach them there.
        String host = GatewayConfig.isLoopback(config.bindHost()) ? config.bindHost() : InetAddress.getLocalHost().getHostAddress();
        ProcessProviderConfig processConfig = new ProcessProviderConfig(config.dataDirectory().resolve("engines"), host, List.of(), Duration.ofSeconds(10));
        ProcessEngineProvider provider = new ProcessEngineProvider(
                config.engine().classDataSharing() ? processConfig : processConfig.withoutClassData(), allocator);
        log.info("Engines: {} provider, default pool {}", provider.name(), defaultPool);
        return new PooledEngines(provider, metadata.pools(), defaultPool, Clock.systemUTC()).start();
    }

    /** A client of each configured cluster; none is left open when one of them cannot be made. */
    private static List<KubernetesCluster> kubernetesClusters(KubernetesSettings settings)
    {
        List<KubernetesCluster> clusters = new java.util.ArrayList<>();
        try {
            for (KubernetesSettings.Cluster cluster : settings.clustersOrCurrent()) {
                try {
                    clusters.add(KubernetesCluster.fromKubeconfig(cluster.name(), settings.kubeconfig(), cluster.context(), cluster.apiServerForPods(),
                            settings.requestTimeout(), cluster.maxEngines(), cluster.tenants(), cluster.labels()));
                }
                catch (RuntimeException e) {
                    throw new IllegalArgumentException("engine.kubernetes.clusters: cluster " + cluster.name() + " (context "
                            + cluster.context().orElse("current") + "): " + e.getMessage(), e);
                }
            }
            return clusters;
        }
        catch (RuntimeException e) {
            clusters.forEach(cluster -> cluster.client().close());
            throw e;
        }
    }

    /** {@code east (context east-ctx, 4 engines), west (...)}, for logs and the banner. */
    private static String describeClusters(KubernetesSettings settings)
    {
        return String.join(", ", settings.clustersOrCurrent().stream()
                .map(cluster -> cluster.name() + " (context " + cluster.context().orElse("current") + ", at most " + cluster.maxEngines() + " engines)")
                .toList()) + settings.kubeconfig().map(file -> " of " + file).orElse(" of the default kubeconfig");
    }

    /** The gateway's engines and pools. */
    public Engines engines()
    {
        return engines;
    }

    /** The job manager: runs, schedules, alerts. */
    public JobManager jobs()
    {
        return jobs;
    }

    public SessionRegistry sessions()
    {
        return sessions;
    }

    public boolean isReady()
    {
        return ready;
    }

    public int flightPort()
    {
        return flight.port();
    }

    public int hs2Port()
    {
        return hs2.port();
    }

    public int hs2HttpPort()
    {
        return hs2.httpPort().orElseThrow();
    }

    public int httpPort()
    {
        return http.port();
    }

    public String flightUri()
    {
        return flight.uri();
    }

    /** The one service every door calls. */
    public GatewaySqlService sqlService()
    {
        return service;
    }

    public GatewayConfig config()
    {
        return config;
    }

    /** The metadata database: definitions, runs, alerts. */
    public MetadataDatabase metadata()
    {
        return metadata;
    }

    /** Where each door listens, for people. */
    public String describeDoors()
    {
        String host = config.bindHost();
        return String.join(System.lineSeparator(),
                "Spark Jobs gateway is ready (data in " + config.dataDirectory().toAbsolutePath() + ")",
                "  Flight SQL   " + flight.uri() + "   JDBC: jdbc:arrow-flight-sql://" + host + ":" + flight.port()
                        + "?useEncryption=" + config.tlsCertificate().isPresent(),
                "  HTTP         http://" + host + ":" + http.port() + "   /healthz /metrics",
                "  HiveServer2  " + host + ":" + hs2.port() + "   JDBC: jdbc:hive2://" + host + ":" + hs2.port() + "/default"
                        + (config.authenticationRequired() ? "" : "   (or ;auth=noSasl)"),
                "  HiveServer2  http://" + host + ":" + hs2.httpPort().orElse(-1) + "/cliservice   JDBC: jdbc:hive2://" + host + ":" + hs2.httpPort().orElse(-1)
                        + "/default;transportMode=http;httpPath=cliservice",
                "  Metadata     " + metadata.description(),
                "  Engines      " + (config.engine().embedded() ? "embedded (local Spark in this JVM)"
                        : config.engine().provider().equals(EngineSettings.KUBERNETES) ? "kubernetes driver pods of image "
                                + config.engine().kubernetes().image().orElse("") + " on clusters " + describeClusters(config.engine().kubernetes())
                                + ", default pool " + config.engine().minEngines() + " to " + config.engine().maxEngines() + " engines per "
                                + config.engine().shareLevel() + ", direct results " + (config.engine().directResults() ? "on" : "off")
                        : config.engine().provider() + " engines under " + config.dataDirectory().resolve("engines").toAbsolutePath() + ", default pool "
                                + config.engine().minEngines() + " to " + config.engine().maxEngines() + " engines per " + config.engine().shareLevel()
                                + ", direct results " + (config.engine().directResults() ? "on" : "off")),
                "  Auth         " + (config.authenticationRequired() ? config.users().size() + " configured user(s)" : "none: loopback only, any user name"));
    }

    @Override
    public void close()
    {
        ready = false;
        if (hs2 != null) {
            try {
                hs2.close();
            }
            catch (RuntimeException e) {
                log.warn("HiveServer2 did not stop cleanly", e);
            }
        }
        if (flight != null) {
            try {
                flight.close();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            catch (RuntimeException e) {
                log.warn("Flight SQL did not stop cleanly", e);
            }
        }
        if (streams != null) {
            try {
                streams.close();
            }
            catch (RuntimeException e) {
                log.warn("The streams did not stop cleanly", e);
            }
        }
        if (warmer != null) {
            warmer.close();
        }
        if (jobs != null) {
            try {
                jobs.close();
            }
            catch (RuntimeException e) {
                log.warn("The job manager did not stop cleanly", e);
            }
        }
        if (engines != null) {
            try {
                engines.close();
            }
            catch (RuntimeException e) {
                log.warn("The engines did not stop cleanly", e);
            }
        }
        if (metadata != null) {
            metadata.close();
        }
        if (http != null) {
            http.close();
        }
        try {
            allocator.close();
        }
        catch (RuntimeException e) {
            log.warn("Arrow memory still allocated at shutdown: {}", e.getMessage());
        }
        log.info("Gateway stopped");
    }
}
