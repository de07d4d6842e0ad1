package dev.sparkjobs.pool.remote;

import dev.sparkjobs.flight.Authenticator;
import dev.sparkjobs.flight.FlightSqlEndpoint;
import dev.sparkjobs.flight.SignedTickets;
import dev.sparkjobs.flight.SparkJobsFlightSqlProducer;
import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import dev.sparkjobs.pool.embedded.EmbeddedEngineConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main program of a remote engine: a local Spark (the embedded engine's setup, on the
 * engine's own data directory) behind a Flight SQL endpoint on a free port. Only callers holding
 * the engine's secret (environment {@value #SECRET_ENV}) run statements; anyone may redeem a
 * ticket signed with it. It reports its phases in the status file its launcher named, and stops
 * when its parent process ends, so it never outlives the gateway that started it.
 *
 * <pre>
 * EngineMain --engine-id ID --data-dir DIR (--status-file FILE | --status-pod NAMESPACE/POD) [--parent-pid PID]
 *            [--master local[2]] [--host 127.0.0.1] [--port 0] [--conf-file FILE] [--conf KEY=VALUE]... [--ui true]
 * </pre>
 *
 * <p>In a driver pod ({@code --status-pod}) the phases go into the pod's own annotations
 * ({@link PodStatus}), the Spark master is {@code k8s://...}, and the environment variable
 * {@value #EXECUTOR_POD_TEMPLATE_ENV}, when set, holds the executors' pod template (tolerations
 * and the like that Spark's settings cannot express).
 */
public final class EngineMain
{
    public static final String SECRET_ENV = "SPARKJOBS_ENGINE_SECRET";
    public static final String EXECUTOR_POD_TEMPLATE_ENV = "SPARKJOBS_EXECUTOR_POD_TEMPLATE";
    private static final String CONF_PREFIX = "conf:";
    private static final Logger log = LoggerFactory.getLogger(EngineMain.class);

    private EngineMain() {}

    public static void main(String[] args)
    {
        Map<String, String> options = parse(args);
        StatusSink statusSink = null;
        try {
            statusSink = statusSink(options);
            run(options, statusSink);
        }
        catch (Throwable t) {
            log.error("The engine failed to start", t);
            String message = t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
            if (statusSink != null) {
                try {
                    statusSink.write(new EngineStatus(EngineStatus.FAILED, Map.of("error", message)));
                }
                catch (RuntimeException e) {
                    log.error("Cannot report the failure", e);
                }
            }
            System.exit(1);
        }
    }

    /** Where the engine reports its phases: a file its launcher reads, or its own pod's annotations. */
    @FunctionalInterface
    interface StatusSink
    {
        void write(EngineStatus status);
    }

    private static StatusSink statusSink(Map<String, String> options)
            throws IOException
    {
        String pod = options.get("status-pod");
        if (pod == null) {
            Path file = Path.of(required(options, "status-file"));
            return status -> status.write(file);
        }
        String master = sparkConf(options).getOrDefault("spark.master", options.getOrDefault("master", ""));
        if (!master.startsWith("k8s://")) {
            throw new IllegalArgumentException("--status-pod needs a k8s:// Spark master, got '" + master + "'");
        }
        int slash = pod.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("--status-pod takes NAMESPACE/POD, got " + pod);
        }
        PodStatus status = PodStatus.connect(master.substring("k8s://".length()), pod.substring(0, slash), pod.substring(slash + 1));
        return status::write;
    }

    private static void run(Map<String, String> options, StatusSink statusSink)
            throws IOException, InterruptedException
    {
        String secret = System.getenv(SECRET_ENV);
        if (secret == null || secret.length() < 16) {
            throw new IllegalStateException("the engine secret is missing: set " + SECRET_ENV + " (16 characters or more)");
        }
        watchParent(options.get("parent-pid"));
        statusSink.write(new EngineStatus(EngineStatus.SPARK_STARTING, Map.of("pid", Long.toString(ProcessHandle.current().pid()))));

        Path data = Path.of(required(options, "data-dir"));
        Map<String, String> conf = sparkConf(options);
        String template = System.getenv(EXECUTOR_POD_TEMPLATE_ENV);
        if (template != null && !template.isBlank()) {
            Path file = data.resolve("executor-pod-template.yaml");
            Files.createDirectories(data);
            Files.writeString(file, template, StandardCharsets.UTF_8);
            conf.putIfAbsent("spark.kubernetes.executor.podTemplateFile", file.toString());
        }
        EmbeddedEngine engine = EmbeddedEngine.start(new EmbeddedEngineConfig(
                data,
                conf.getOrDefault("spark.master", options.getOrDefault("master", "local[2]")),
                conf,
                Boolean.parseBoolean(options.getOrDefault("ui", "false"))));
        BufferAllocator allocator = new RootAllocator();
        String host = options.getOrDefault("host", "127.0.0.1");
        // The gateway closes the sessions it opens; the long idle timeout only reaps those of a
        // gateway that vanished without closing them (and then this engine stops too).
        FlightSqlEndpoint endpoint = FlightSqlEndpoint.start(engine.sqlService(), allocator, new FlightSqlEndpoint.Settings(
                        host, Integer.parseInt(options.getOrDefault("port", "0")), Optional.empty(), Optional.empty(),
                        Authenticator.ANY_USER, false, Duration.ofHours(24), Duration.ofHours(24)),
                Optional.of(new EngineAuthenticator(secret)),
                new SparkJobsFlightSqlProducer.Options(Optional.of(new SignedTickets(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC())), false, Duration.ofMinutes(5)));
        EmbeddedEngine.beforeSparkShutdown(() -> {
            try {
                endpoint.close();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        Map<String, String> ready = new HashMap<>();
        ready.put("pid", Long.toString(ProcessHandle.current().pid()));
        ready.put("port", Integer.toString(endpoint.port()));
        ready.put("uri", endpoint.uri());
        ready.put("spark.version", engine.sparkVersion());
        ready.put("spark.app.id", engine.sparkApplicationId());
        engine.sparkUiUrl().ifPresent(url -> ready.put("spark.ui.url", url));
        statusSink.write(new EngineStatus(EngineStatus.READY, ready));
        log.info("Engine {} ready: Flight SQL {}", options.get("engine-id"), endpoint.uri());

        // Serves until the JVM is told to stop (SIGTERM from the launcher, or the parent's exit).
        new CountDownLatch(1).await();
    }

    private static void watchParent(String parentPid)
    {
        if (parentPid == null) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid));
        if (parent.isEmpty() || !parent.get().isAlive()) {
            throw new IllegalStateException("the parent process " + parentPid + " is gone");
        }
        parent.get().onExit().thenRun(() -> {
            log.warn("The parent process {} ended: stopping the engine", parentPid);
            Thread stopper = new Thread(() -> System.exit(0), "engine-parent-gone");
            stopper.start();
        });
    }

    /** The Spark settings of {@code --conf-file}, then those of {@code --conf KEY=VALUE}. */
    private static Map<String, String> sparkConf(Map<String, String> options)
            throws IOException
    {
        Map<String, String> conf = new HashMap<>();
        String file = options.get("conf-file");
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> conf.put(key, properties.getProperty(key)));
        }
        options.forEach((key, value) -> {
            if (key.startsWith(CONF_PREFIX)) {
                conf.put(key.substring(CONF_PREFIX.length()), value);
            }
        });
        return conf;
    }

    private static Map<String, String> parse(String[] args)
    {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got " + String.join(" ", args));
            }
            String name = args[i].substring(2);
            String value = args[++i];
            if (name.equals("conf")) {
                int equals = value.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("--conf takes KEY=VALUE, got " + value);
                }
                options.put(CONF_PREFIX + value.substring(0, equals), value.substring(equals + 1));
            }
            else {
                options.put(name, value);
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name)
    {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
