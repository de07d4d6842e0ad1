package dev.sparkjobs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.gateway.metastore.MetadataSettings;
import dev.sparkjobs.pool.ShareLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins the defaults and the mapping of every settings key. */
class GatewayConfigTest
{
    @Test
    void defaults()
    {
        GatewayConfig defaults = GatewayConfig.defaults();
        assertEquals(new GatewayConfig(Path.of("data"), "127.0.0.1", 32010, 10000, 10001, 8080, "local[*]", Map.of(), true, Map.of(),
                Optional.empty(), Optional.empty(), Duration.ofHours(8), Duration.ofHours(24),
                new MetadataSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 8)), defaults);
        assertEquals(new EngineSettings("embedded", true, ShareLevel.USER, 1, 8, Duration.ofMinutes(30), Duration.ofMinutes(3), Duration.ofMinutes(2),
                Optional.empty()), defaults.engine());
        assertEquals("jdbc:h2:file:" + Path.of("/srv/data/metadata/sparkjobs") + ";DATABASE_TO_LOWER=TRUE;AUTO_SERVER=FALSE;WRITE_DELAY=0",
                defaults.metadata().jdbcUrl(Path.of("/srv/data")));
        defaults.validate();
    }

    @Test
    void everyKeyOfTheFile()
            throws IOException
    {
        Path file = Files.createTempFile("gateway", ".yaml");
        Files.writeString(file, """
                data-dir: /var/lib/sparkjobs
                bind-host: localhost
                flight-port: 1
                hs2-port: 2
                hs2-http-port: 4
                http-port: 3
                spark:
                  master: local[2]
                  ui: false
                  conf:
                    spark.sql.shuffle.partitions: 8
                auth:
                  users:
                    ada: pbkdf2-sha256:1:AA==:AA==
                  token-lifetime: 2h
                tls:
                  certificate: /etc/cert.pem
                  private-key: /etc/key.pem
                session:
                  idle-timeout: 15m
                metadata:
                  url: jdbc:postgresql://db:5432/sparkjobs
                  user: sparkjobs
                  password: secret
                  schema: meta
                  pool-size: 4
                engine:
                  provider: process
                  direct-results: false
                  share-level: connection
                  min-engines: 2
                  max-engines: 5
                  idle-timeout: 10m
                  start-timeout: 90s
                  warm-ahead: 5m
                  driver-memory: 768m
                  class-data-sharing: false
                """);
        GatewayConfig config = GatewayConfig.defaults().withFile(file);
        assertEquals(new GatewayConfig(Path.of("/var/lib/sparkjobs"), "localhost", 1, 2, 4, 3, "local[2]", Map.of("spark.sql.shuffle.partitions", "8"), false,
                Map.of("ada", "pbkdf2-sha256:1:AA==:AA=="), Optional.of(Path.of("/etc/cert.pem")), Optional.of(Path.of("/etc/key.pem")),
                Duration.ofMinutes(15), Duration.ofHours(2),
                new MetadataSettings(Optional.of("jdbc:postgresql://db:5432/sparkjobs"), Optional.of("sparkjobs"), Optional.of("secret"), Optional.of("meta"), 4),
                new EngineSettings("process", false, ShareLevel.CONNECTION, 2, 5, Duration.ofMinutes(10), Duration.ofSeconds(90), Duration.ofMinutes(5),
                        Optional.of(768L * 1024 * 1024)).withClassDataSharing(false)), config);
        assertEquals(GatewayConfig.KEYS.size(), 29 + 16, "a new key needs a line in this test (engine.kubernetes.*: kubernetesKeys)");
        assertTrue(!config.toString().contains("secret"), "the metadata password is never printed");
    }

    @Test
    void unknownKeysAndBadValuesAreErrors()
            throws IOException
    {
        Path file = Files.createTempFile("gateway", ".yaml");
        Files.writeString(file, "flight-prot: 1\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file));
        assertTrue(unknown.getMessage().contains("flight-prot") && unknown.getMessage().contains("flight-port"), unknown.getMessage());
        Files.writeString(file, "session:\n  idle-timeout: soon\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file));
        Files.writeString(file, "metadata:\n  pool-size: 0\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
        Files.writeString(file, "metadata:\n  url: postgresql://db/x\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
        Files.writeString(file, "engine:\n  provider: kubernetes\n");
        IllegalArgumentException noImage = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
        assertTrue(noImage.getMessage().contains("engine.kubernetes.image"), noImage.getMessage());
        Files.writeString(file, "engine:\n  provider: yarn\n");
        IllegalArgumentException yarn = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
        assertTrue(yarn.getMessage().contains("engine.provider") && yarn.getMessage().contains("kubernetes"), yarn.getMessage());
        Files.writeString(file, "engine:\n  min-engines: 9\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
        Files.writeString(file, "engine:\n  share-level: everyone\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file));
        Files.writeString(file, "http-port: 70000\n");
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
    }

    @Test
    void kubernetesKeys()
            throws IOException
    {
        KubernetesSettings defaults = GatewayConfig.defaults().engine().kubernetes();
        assertEquals(new KubernetesSettings(Optional.empty(), List.of(), Optional.empty(), "sparkjobs", "sparkjobs-", "sparkjobs-engine", Map.of(), List.of(),
                Map.of(), List.of(), Map.of(), 32010, "java", "/opt/sparkjobs/lib/*", Duration.ofSeconds(5), Duration.ofSeconds(30)), defaults);
        assertEquals(List.of(new KubernetesSettings.Cluster("default", Optional.empty(), 20, Set.of(), Map.of(), "https://kubernetes.default.svc")),
                defaults.clustersOrCurrent());

        Path file = Files.createTempFile("gateway", ".yaml");
        Files.writeString(file, """
                engine:
                  provider: kubernetes
                  kubernetes:
                    kubeconfig: /etc/sparkjobs/kubeconfig
                    clusters:
                      - name: east
                        context: east-admin
                        max-engines: 4
                        tenants: [acme, initech]
                        labels: {region: eu, gpu: "true"}
                      - name: west
                        api-server-for-pods: https://10.0.0.1:6443
                    image: registry.example.com/sparkjobs:0.1.0
                    namespace: engines
                    tenant-namespace-prefix: t-
                    service-account: engine-sa
                    node-selector: {pool: spark}
                    tolerations:
                      - {key: dedicated, operator: Equal, value: spark, effect: NoSchedule}
                    spot:
                      node-selector: {capacity: spot}
                      tolerations:
                        - {key: capacity, operator: Exists, effect: NoSchedule}
                    labels: {team: data}
                    engine-port: 32011
                    java: /opt/java/bin/java
                    classpath: /opt/spark/jars/*
                    request-timeout: 3s
                    stop-timeout: 1m
                """);
        GatewayConfig config = GatewayConfig.defaults().withFile(file).validate();
        assertEquals("kubernetes", config.engine().provider());
        assertEquals(new KubernetesSettings(Optional.of(Path.of("/etc/sparkjobs/kubeconfig")),
                List.of(new KubernetesSettings.Cluster("east", Optional.of("east-admin"), 4, Set.of("acme", "initech"), Map.of("region", "eu", "gpu", "true"),
                                "https://kubernetes.default.svc"),
                        new KubernetesSettings.Cluster("west", Optional.empty(), 20, Set.of(), Map.of(), "https://10.0.0.1:6443")),
                Optional.of("registry.example.com/sparkjobs:0.1.0"), "engines", "t-", "engine-sa", Map.of("pool", "spark"),
                List.of(Map.of("key", "dedicated", "operator", "Equal", "value", "spark", "effect", "NoSchedule")), Map.of("capacity", "spot"),
                List.of(Map.of("key", "capacity", "operator", "Exists", "effect", "NoSchedule")), Map.of("team", "data"), 32011, "/opt/java/bin/java",
                "/opt/spark/jars/*", Duration.ofSeconds(3), Duration.ofMinutes(1)), config.engine().kubernetes());
        assertEquals(16, GatewayConfig.KEYS.stream().filter(key -> key.startsWith("engine.kubernetes.")).count(), "a new key needs a line in this test");

        // Errors name the setting.
        for (Map.Entry<String, String> bad : Map.of(
                "engine:\n  kubernetes:\n    clusters: [{name: east, contxt: x}]\n", "engine.kubernetes.clusters[0].contxt",
                "engine:\n  kubernetes:\n    clusters: [{context: x}]\n", "engine.kubernetes.clusters[0].name",
                "engine:\n  kubernetes:\n    tolerations: [{key: a, operator: Maybe}]\n", "engine.kubernetes.tolerations[0]",
                "engine:\n  kubernetes:\n    node-selector: spot\n", "engine.kubernetes.node-selector",
                "engine:\n  kubernetes:\n    imag: x\n", "engine.kubernetes.imag").entrySet()) {
            Files.writeString(file, bad.getKey());
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file));
            assertTrue(error.getMessage().contains(bad.getValue()), error.getMessage());
        }
        for (Map.Entry<String, String> bad : Map.of(
                "    clusters: [{name: east, max-engines: 0}]\n", "engine.kubernetes.clusters[0].max-engines",
                "    clusters: [{name: east}, {name: east}]\n", "engine.kubernetes.clusters[1].name",
                "    namespace: Spark_Jobs\n", "engine.kubernetes.namespace",
                "    engine-port: 70000\n", "engine.kubernetes.engine-port",
                "    clusters: [{name: east, api-server-for-pods: kubernetes.default.svc}]\n", "api-server-for-pods").entrySet()) {
            Files.writeString(file, "engine:\n  provider: kubernetes\n  kubernetes:\n    image: x\n" + bad.getKey());
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GatewayConfig.defaults().withFile(file).validate());
            assertTrue(error.getMessage().contains(bad.getValue()), error.getMessage());
        }
    }

    /** The settings of deploy/configmap.yaml are valid settings of the kubernetes provider. */
    @Test
    void theDeployConfigMapIsValid()
            throws IOException
    {
        Path manifest = Path.of("..", "deploy", "configmap.yaml");
        com.fasterxml.jackson.databind.JsonNode configMap = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(Files.readString(manifest));
        Path file = Files.createTempFile("gateway", ".yaml");
        Files.writeString(file, configMap.path("data").path("config.yaml").asText());
        GatewayConfig config = GatewayConfig.defaults().withFile(file).validate();
        assertEquals("kubernetes", config.engine().provider());
        assertEquals(Optional.of("registry.example.com/sparkjobs:0.1.0"), config.engine().kubernetes().image());
        assertEquals(List.of("local"), config.engine().kubernetes().clustersOrCurrent().stream().map(KubernetesSettings.Cluster::name).toList());
        assertEquals(Optional.empty(), config.engine().kubernetes().kubeconfig());
        assertEquals(1, config.engine().kubernetes().spotTolerations().size());
    }

    @Test
    void passwordsVerify()
    {
        String hash = Passwords.hash("pw".toCharArray());
        assertTrue(Passwords.verify("pw", hash));
        assertTrue(!Passwords.verify("pW", hash));
    }
}
