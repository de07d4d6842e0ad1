package dev.sparkjobs.gateway;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sparkjobs.gateway.metastore.MetadataSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway's settings: defaults, then a YAML file ({@code --config}), then command-line flags.
 * Every key the file may hold is listed in {@link #KEYS}; an unknown key is an error, not a silent
 * no-op.
 */
public record GatewayConfig(
        Path dataDirectory,
        String bindHost,
        int flightPort,
        int hs2Port,
        int hs2HttpPort,
        int httpPort,
        String sparkMaster,
        Map<String, String> sparkConf,
        boolean sparkUi,
        Map<String, String> users,
        Optional<Path> tlsCertificate,
        Optional<Path> tlsPrivateKey,
        Duration sessionIdleTimeout,
        Duration tokenLifetime,
        MetadataSettings metadata,
        EngineSettings engine)
{
    public static final Set<String> KEYS = Set.of(
            "data-dir", "bind-host", "flight-port", "hs2-port", "hs2-http-port", "http-port",
            "spark.master", "spark.conf", "spark.ui",
            "auth.users", "tls.certificate", "tls.private-key",
            "session.idle-timeout", "auth.token-lifetime",
            "metadata.url", "metadata.user", "metadata.password", "metadata.schema", "metadata.pool-size",
            "engine.provider", "engine.direct-results", "engine.share-level", "engine.min-engines", "engine.max-engines",
            "engine.idle-timeout", "engine.start-timeout", "engine.warm-ahead", "engine.driver-memory", "engine.class-data-sharing",
            "engine.kubernetes.kubeconfig", "engine.kubernetes.clusters", "engine.kubernetes.image", "engine.kubernetes.namespace",
            "engine.kubernetes.tenant-namespace-prefix", "engine.kubernetes.service-account", "engine.kubernetes.node-selector",
            "engine.kubernetes.tolerations", "engine.kubernetes.spot.node-selector", "engine.kubernetes.spot.tolerations", "engine.kubernetes.labels",
            "engine.kubernetes.engine-port", "engine.kubernetes.java", "engine.kubernetes.classpath", "engine.kubernetes.request-timeout",
            "engine.kubernetes.stop-timeout");

    public GatewayConfig
    {
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(bindHost, "bindHost is null");
        requireNonNull(sparkMaster, "sparkMaster is null");
        sparkConf = Map.copyOf(sparkConf);
        users = Map.copyOf(users);
        requireNonNull(tlsCertificate, "tlsCertificate is null");
        requireNonNull(tlsPrivateKey, "tlsPrivateKey is null");
        requireNonNull(sessionIdleTimeout, "sessionIdleTimeout is null");
        requireNonNull(tokenLifetime, "tokenLifetime is null");
        requireNonNull(metadata, "metadata is null");
        requireNonNull(engine, "engine is null");
    }

    /** Settings on the embedded engine ({@link EngineSettings#defaults()}). */
    public GatewayConfig(Path dataDirectory, String bindHost, int flightPort, int hs2Port, int hs2HttpPort, int httpPort, String sparkMaster,
            Map<String, String> sparkConf, boolean sparkUi, Map<String, String> users, Optional<Path> tlsCertificate, Optional<Path> tlsPrivateKey,
            Duration sessionIdleTimeout, Duration tokenLifetime, MetadataSettings metadata)
    {
        this(dataDirectory, bindHost, flightPort, hs2Port, hs2HttpPort, httpPort, sparkMaster, sparkConf, sparkUi, users, tlsCertificate, tlsPrivateKey,
                sessionIdleTimeout, tokenLifetime, metadata, EngineSettings.defaults());
    }

    public static GatewayConfig defaults()
    {
        return new GatewayConfig(Path.of("data"), "127.0.0.1", 32010, 10000, 10001, 8080, "local[*]", Map.of(), true, Map.of(),
                Optional.empty(), Optional.empty(), Duration.ofHours(8), Duration.ofHours(24), MetadataSettings.defaults(), EngineSettings.defaults());
    }

    public GatewayConfig withEngine(EngineSettings newEngine)
    {
        Builder builder = toBuilder();
        builder.engine = newEngine;
        return builder.build();
    }

    public boolean authenticationRequired()
    {
        return !users.isEmpty();
    }

    /** Refuses settings that cannot work or are unsafe, with a message naming the setting to change. */
    public GatewayConfig validate()
    {
        checkPort("flight-port", flightPort);
        checkPort("hs2-port", hs2Port);
        checkPort("hs2-http-port", hs2HttpPort);
        checkPort("http-port", httpPort);
        if (tlsCertificate.isPresent() != tlsPrivateKey.isPresent()) {
            throw new IllegalArgumentException("TLS needs both tls.certificate and tls.private-key");
        }
        if (!authenticationRequired() && !isLoopback(bindHost)) {
            throw new IllegalArgumentException("refusing to listen on " + bindHost + " without authentication: "
                    + "configure auth.users in the --config file, or bind to 127.0.0.1");
        }
        if (sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
            throw new IllegalArgumentException("session.idle-timeout must be positive");
        }
        metadata.validate();
        engine.validate();
        return this;
    }

    private static void checkPort(String name, int port)
    {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be between 0 and 65535, not " + port);
        }
    }

    static boolean isLoopback(String host)
    {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind-host " + host + " cannot be resolved", e);
        }
    }

    /** Reads a YAML file over these settings. */
    public GatewayConfig withFile(Path file)
            throws IOException
    {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        if (root == null || root.isNull()) {
            return this;
        }
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        Builder builder = toBuilder();
        for (Map.Entry<String, JsonNode> entry : flat.entrySet()) {
            try {
                builder.set(entry.getKey(), entry.getValue());
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out)
    {
        if (node.isObject() && !KEYS.contains(prefix)) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
            }
        }
        else {
            out.put(prefix, node);
        }
    }

    public Builder toBuilder()
    {
        return new Builder(this);
    }

    public GatewayConfig withMetadata(MetadataSettings newMetadata)
    {
        Builder builder = toBuilder();
        builder.metadata = newMetadata;
        return builder.build();
    }

    /** Settings one at a time, from the file or from flags; {@link #build()} checks none of them ({@link #validate()} does). */
    public static final class Builder
    {
        public Path dataDirectory;
        public String bindHost;
        public int flightPort;
        public int hs2Port;
        public int hs2HttpPort;
        public int httpPort;
        public String sparkMaster;
        public Map<String, String> sparkConf;
        public boolean sparkUi;
        public Map<String, String> users;
        public Optional<Path> tlsCertificate;
        public Optional<Path> tlsPrivateKey;
        public Duration sessionIdleTimeout;
        public Duration tokenLifetime;
        public MetadataSettings metadata;
        public EngineSettings engine;

        private Builder(GatewayConfig config)
        {
            dataDirectory = config.dataDirectory();
            bindHost = config.bindHost();
            flightPort = config.flightPort();
            hs2Port = config.hs2Port();
            hs2HttpPort = config.hs2HttpPort();
            httpPort = config.httpPort();
            sparkMaster = config.sparkMaster();
            sparkConf = new LinkedHashMap<>(config.sparkConf());
            sparkUi = config.sparkUi();
            users = config.users();
            tlsCertificate = config.tlsCertificate();
            tlsPrivateKey = config.tlsPrivateKey();
            sessionIdleTimeout = config.sessionIdleTimeout();
            tokenLifetime = config.tokenLifetime();
            metadata = config.metadata();
            engine = config.engine();
        }

        /** Sets one key of {@link #KEYS} from its YAML value. */
        void set(String key, JsonNode value)
        {
            switch (key) {
                case "data-dir" -> dataDirectory = Path.of(value.asText());
                case "bind-host" -> bindHost = value.asText();
                case "flight-port" -> flightPort = intValue(value);
                case "hs2-port" -> hs2Port = intValue(value);
                case "hs2-http-port" -> hs2HttpPort = intValue(value);
                case "http-port" -> httpPort = intValue(value);
                case "spark.master" -> sparkMaster = value.asText();
                case "spark.conf" -> sparkConf = new LinkedHashMap<>(stringMap(value));
                case "spark.ui" -> sparkUi = value.asBoolean();
                case "auth.users" -> users = stringMap(value);
                case "tls.certificate" -> tlsCertificate = Optional.of(Path.of(value.asText()));
                case "tls.private-key" -> tlsPrivateKey = Optional.of(Path.of(value.asText()));
                case "session.idle-timeout" -> sessionIdleTimeout = duration(value.asText());
                case "auth.token-lifetime" -> tokenLifetime = duration(value.asText());
                case "metadata.url" -> metadata = metadata.withUrl(value.asText());
                case "metadata.user" -> metadata = metadata.withUser(value.asText());
                case "metadata.password" -> metadata = metadata.withPassword(value.asText());
                case "metadata.schema" -> metadata = metadata.withSchema(value.asText());
                case "metadata.pool-size" -> metadata = metadata.withPoolSize(intValue(value));
                case "engine.provider" -> engine = engine.withProvider(value.asText().trim().toLowerCase(Locale.ROOT));
                case "engine.direct-results" -> engine = engine.withDirectResults(booleanValue(value));
                case "engine.share-level" -> engine = engine.withShareLevel(shareLevel(value.asText()));
                case "engine.min-engines" -> engine = engine.withEngines(intValue(value), engine.maxEngines());
                case "engine.max-engines" -> engine = engine.withEngines(engine.minEngines(), intValue(value));
                case "engine.idle-timeout" -> engine = engine.withIdleTimeout(duration(value.asText()));
                case "engine.start-timeout" -> engine = engine.withStartTimeout(duration(value.asText()));
                case "engine.warm-ahead" -> engine = engine.withWarmAhead(duration(value.asText()));
                case "engine.driver-memory" -> engine = engine.withDriverMemory(bytes(value.asText()));
                case "engine.class-data-sharing" -> engine = engine.withClassDataSharing(booleanValue(value));
                default -> {
                    if (KEYS.contains(key) && key.startsWith(KubernetesSettings.PREFIX)) {
                        engine = engine.withKubernetes(engine.kubernetes().with(key.substring(KubernetesSettings.PREFIX.length()), value));
                        return;
                    }
                    throw new IllegalArgumentException("unknown setting '" + key + "'; known settings: " + String.join(", ", KEYS.stream().sorted().toList()));
                }
            }
        }

        public GatewayConfig build()
        {
            return new GatewayConfig(dataDirectory, bindHost, flightPort, hs2Port, hs2HttpPort, httpPort, sparkMaster, sparkConf, sparkUi, users,
                    tlsCertificate, tlsPrivateKey, sessionIdleTimeout, tokenLifetime, metadata, engine);
        }
    }

    private static boolean booleanValue(JsonNode value)
    {
        String text = value.asText().trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("expected true or false, found '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    private static dev.sparkjobs.pool.ShareLevel shareLevel(String text)
    {
        try {
            return dev.sparkjobs.pool.ShareLevel.valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("engine.share-level must be CONNECTION, USER, TENANT or SERVER, not '" + text + "'", e);
        }
    }

    /** Sizes as {@code 768m}, {@code 2g}, {@code 1gb}, {@code 512mi} or a number of bytes. */
    public static long bytes(String text)
    {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)\\s*([kmgt]?)i?b?").matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("bad size '" + text + "': use 768m, 2g or a number of bytes");
        }
        long amount = Long.parseLong(matcher.group(1));
        int shift = switch (matcher.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return amount << shift;
    }

    private static int intValue(JsonNode value)
    {
        if (!value.canConvertToInt() && !value.asText().matches("\\d+")) {
            throw new IllegalArgumentException("expected a number, found '" + value.asText() + "'");
        }
        return value.isNumber() ? value.asInt() : Integer.parseInt(value.asText());
    }

    private static Map<String, String> stringMap(JsonNode value)
    {
        if (!value.isObject()) {
            throw new IllegalArgumentException("expected a map of names to values");
        }
        Map<String, String> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    /** Durations as {@code 30s}, {@code 15m}, {@code 8h}, {@code 2d} or ISO-8601 ({@code PT8H}). */
    public static Duration duration(String text)
    {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1).trim());
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                case 'd' -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException("bad duration '" + text + "': use 30s, 15m, 8h or 2d");
            };
        }
        catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("bad duration '" + text + "': use 30s, 15m, 8h or 2d", e);
        }
    }
}
