package dev.sparkjobs.gateway;

import java.io.Console;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import dev.sparkjobs.pool.embedded.EmbeddedEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkjobs}: the command line. */
@Command(name = "sparkjobs", mixinStandardHelpOptions = true, version = "Spark Jobs 0.1.0",
        description = "A SQL-first gateway for Apache Spark.",
        subcommands = {Main.GatewayCommand.class, Main.HashPasswordCommand.class, JobCommands.Apply.class, JobCommands.Export.class,
                JobCommands.Jobs.class, JobCommands.Runs.class, JobCommands.Run.class})
public final class Main
        implements Runnable
{
    @Override
    public void run()
    {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args)
    {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Command(name = "gateway", mixinStandardHelpOptions = true,
            description = "Starts the gateway in the foreground with embedded defaults: local Spark, state under ./data.")
    static final class GatewayCommand
            implements Callable<Integer>
    {
        @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file (see docs/configuration.md)")
        Path configFile;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where tables, the catalog and Spark scratch space live (default: ./data)")
        Path dataDir;

        @Option(names = "--bind", paramLabel = "HOST", description = "Address every door listens on (default: 127.0.0.1; another address needs authentication)")
        String bindHost;

        @Option(names = "--flight-port", description = "Arrow Flight SQL port (default: 32010)")
        Integer flightPort;

        @Option(names = "--hs2-port", description = "HiveServer2 binary port, NOSASL and SASL PLAIN (default: 10000)")
        Integer hs2Port;

        @Option(names = "--hs2-http-port", description = "HiveServer2 HTTP port, path /cliservice (default: 10001)")
        Integer hs2HttpPort;

        @Option(names = "--http-port", description = "HTTP port: /healthz, /metrics (default: 8080)")
        Integer httpPort;

        @Option(names = "--master", description = "Spark master of the embedded engine (default: local[*])")
        String master;

        @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting for the embedded engine; repeatable")
        Map<String, String> sparkConf = new LinkedHashMap<>();

        @Option(names = "--no-spark-ui", negatable = false, description = "Do not start the Spark UI")
        boolean noSparkUi;

        @Option(names = "--engine-provider", paramLabel = "embedded|process|kubernetes",
                description = "Where statements run: the embedded engine, or engines leased from pools: child processes, or driver pods on "
                        + "Kubernetes (engine.kubernetes.* in the --config file) (default: embedded)")
        String engineProvider;

        @Option(names = "--kubeconfig", paramLabel = "FILE",
                description = "The kubeconfig of the kubernetes provider's clusters (default: KUBECONFIG, ~/.kube/config, or the pod's service account)")
        Path kubeconfig;

        @Override
        public Integer call()
                throws Exception
        {
            GatewayConfig config = config();
            Gateway gateway = Gateway.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            // SIGTERM: close the doors and cancel operations first, then stop Spark.
            EmbeddedEngine.beforeSparkShutdown(() -> {
                gateway.close();
                stopped.countDown();
            });
            System.out.println(gateway.describeDoors());
            System.out.flush();
            stopped.await();
            return 0;
        }

        GatewayConfig config()
                throws java.io.IOException
        {
            GatewayConfig base = GatewayConfig.defaults();
            if (configFile != null) {
                base = base.withFile(configFile);
            }
            GatewayConfig.Builder config = base.toBuilder();
            config.dataDirectory = dataDir != null ? dataDir : base.dataDirectory();
            config.bindHost = bindHost != null ? bindHost : base.bindHost();
            config.flightPort = flightPort != null ? flightPort : base.flightPort();
            config.hs2Port = hs2Port != null ? hs2Port : base.hs2Port();
            config.hs2HttpPort = hs2HttpPort != null ? hs2HttpPort : base.hs2HttpPort();
            config.httpPort = httpPort != null ? httpPort : base.httpPort();
            config.sparkMaster = master != null ? master : base.sparkMaster();
            config.sparkConf.putAll(sparkConf);
            config.sparkUi = base.sparkUi() && !noSparkUi;
            if (engineProvider != null) {
                config.engine = base.engine().withProvider(engineProvider.trim().toLowerCase(java.util.Locale.ROOT));
            }
            if (kubeconfig != null) {
                config.engine = config.engine.withKubernetes(config.engine.kubernetes().withKubeconfig(kubeconfig));
            }
            return config.build();
        }
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = "Reads a password and prints its hash for auth.users in the config file.")
    static final class HashPasswordCommand
            implements Callable<Integer>
    {
        @Override
        public Integer call()
                throws Exception
        {
            Console console = System.console();
            char[] password = console != null
                    ? console.readPassword("Password: ")
                    : new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine().toCharArray();
            System.out.println(Passwords.hash(password));
            return 0;
        }
    }
}
