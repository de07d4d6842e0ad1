package dev.sparkjobs.gateway.engines;

import dev.sparkjobs.gateway.EngineSettings;
import dev.sparkjobs.gateway.GatewayConfig;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.planner.validation.OptionSpec;
import dev.sparkjobs.pool.ClusterProfile;
import dev.sparkjobs.pool.PoolConfig;
import dev.sparkjobs.pool.ShareLevel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pool definitions ({@code CREATE POOL ... WITH}) and job options ({@code CREATE JOB ... WITH}) as
 * the pool's policy and the engines' cluster profile. Options the planner validated already; a
 * value that still cannot be read keeps the default. Job settings under {@code spark.sql.} are
 * session settings (the run sets them on its session); every other setting is part of the
 * engine's profile, so a job that sets one runs on engines of its own.
 */
public final class PoolDefinitions
{
    public static final String DEFAULT_POOL = "default";

    private PoolDefinitions() {}

    /** The default pool: {@code engine.*} settings, the gateway's Spark conf. */
    public static PoolConfig defaultPool(EngineSettings settings, Map<String, String> sparkConf, boolean sparkUi)
    {
        Map<String, String> conf = new LinkedHashMap<>(sparkConf);
        conf.putIfAbsent("spark.ui.enabled", String.valueOf(sparkUi));
        ClusterProfile profile = ClusterProfile.LOCAL.withSparkConf(conf);
        if (settings.driverMemoryBytes().isPresent()) {
            profile = profile.withDriverMemory(settings.driverMemoryBytes().get());
        }
        return PoolConfig.defaults(DEFAULT_POOL, settings.shareLevel())
                .withProfile(profile)
                .withEngines(settings.minEngines(), settings.maxEngines(), settings.maxEngines())
                .withTimeouts(settings.idleTimeout(), settings.startTimeout(), Duration.ofSeconds(1));
    }

    /** A pool defined in SQL, over the default pool's settings. */
    public static PoolConfig pool(Pool pool, PoolConfig defaults)
    {
        Map<String, String> options = pool.options();
        ShareLevel level = option(options, "share.level").map(value -> ShareLevel.valueOf(value.toUpperCase(Locale.ROOT))).orElse(defaults.shareLevel());
        int min = integer(options, "min.engines").orElse(0);
        int max = integer(options, "max.engines").orElse(Math.max(min, defaults.maxEngines()));
        int perTenant = integer(options, "max.engines.per.tenant").orElse(max);
        Duration idle = option(options, "engine.idle.timeout").flatMap(OptionSpec::duration).orElse(defaults.idleTimeout());
        Duration launch = option(options, "engine.start.timeout").flatMap(OptionSpec::duration).orElse(defaults.launchTimeout());
        PoolConfig config = new PoolConfig(pool.name(), level, profile(defaults.profile(), options), min, max, perTenant, idle, launch,
                defaults.maxConcurrentLaunches(), defaults.reconcileInterval());
        return config;
    }

    /** The provider a pool asks for ({@code engine.provider}), if it names one. */
    public static Optional<String> provider(Pool pool)
    {
        return option(pool.options(), "engine.provider").map(value -> value.toLowerCase(Locale.ROOT));
    }

    /** The profile a job's engines need: its pool's, with the job's cluster profile and non-session Spark settings over it. */
    public static ClusterProfile profile(ClusterProfile poolProfile, Job job)
    {
        Map<String, String> engineOptions = new LinkedHashMap<>();
        job.options().forEach((key, value) -> {
            if (!key.toLowerCase(Locale.ROOT).startsWith("spark.sql.")) {
                engineOptions.put(key, value);
            }
        });
        return engineOptions.isEmpty() ? poolProfile : profile(poolProfile, engineOptions);
    }

    private static ClusterProfile profile(ClusterProfile base, Map<String, String> options)
    {
        Map<String, String> conf = new LinkedHashMap<>(base.sparkConf());
        int driverCores = integer(options, "driver.cores").orElse(base.driverCores());
        Optional<Long> driverMemory = option(options, "driver.memory").map(GatewayConfig::bytes).or(base::driverMemoryBytes);
        int executors = integer(options, "executor.instances").orElse(base.executorInstances());
        int executorCores = integer(options, "executor.cores").orElse(base.executorCores());
        Optional<Long> executorMemory = option(options, "executor.memory").map(GatewayConfig::bytes).or(base::executorMemoryBytes);
        for (Map.Entry<String, String> entry : options.entrySet()) {
            String key = entry.getKey().toLowerCase(Locale.ROOT);
            if (key.startsWith("spark.")) {
                conf.put(entry.getKey(), entry.getValue());
            }
            else if (key.startsWith("dynamic.allocation.")) {
                conf.put("spark.dynamicAllocation." + camel(key.substring("dynamic.allocation.".length())), entry.getValue());
            }
            else if (key.equals("executor.memory.overhead")) {
                conf.put("spark.executor.memoryOverhead", entry.getValue());
            }
        }
        return new ClusterProfile(driverCores, driverMemory, executors, executorCores, executorMemory, conf);
    }

    /** {@code min.executors} as Spark spells it: {@code minExecutors}. */
    private static String camel(String dotted)
    {
        String[] parts = dotted.split("\\.");
        StringBuilder out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(parts[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(parts[i].substring(1));
        }
        return out.toString();
    }

    static Optional<String> option(Map<String, String> options, String name)
    {
        return options.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).map(String::trim).findFirst();
    }

    private static Optional<Integer> integer(Map<String, String> options, String name)
    {
        try {
            return option(options, name).map(Integer::valueOf);
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
