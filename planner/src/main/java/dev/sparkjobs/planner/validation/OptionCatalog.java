package dev.sparkjobs.planner.validation;

import dev.sparkjobs.planner.validation.OptionSpec.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code WITH} keys each kind of object accepts. Keys compare without regard to case, as Spark
 * compares data source options. Keys under a pass-through prefix ({@code spark.}, {@code kafka.})
 * go to Spark or the connector unchanged; an unknown {@code spark.} key is accepted unless it is a
 * near miss of a well-known Spark setting, which is far likelier a typo than a custom setting.
 */
public final class OptionCatalog
{
    /** Spark settings whose near misses are reported as typos. */
    static final List<String> WELL_KNOWN_SPARK_SETTINGS = List.of(
            "spark.executor.instances", "spark.executor.cores", "spark.executor.memory", "spark.executor.memoryOverhead",
            "spark.driver.cores", "spark.driver.memory", "spark.driver.maxResultSize", "spark.default.parallelism",
            "spark.dynamicAllocation.enabled", "spark.dynamicAllocation.minExecutors", "spark.dynamicAllocation.maxExecutors",
            "spark.sql.shuffle.partitions", "spark.sql.adaptive.enabled", "spark.sql.ansi.enabled", "spark.sql.session.timeZone",
            "spark.sql.autoBroadcastJoinThreshold", "spark.sql.files.maxPartitionBytes", "spark.serializer",
            "spark.kubernetes.namespace", "spark.kubernetes.container.image", "spark.sql.streaming.checkpointLocation");

    private static final List<OptionSpec> CLUSTER_PROFILE = List.of(
            OptionSpec.of("executor.instances", Type.POSITIVE_INTEGER),
            OptionSpec.of("executor.cores", Type.POSITIVE_INTEGER),
            OptionSpec.of("executor.memory", Type.BYTES),
            OptionSpec.of("executor.memory.overhead", Type.BYTES),
            OptionSpec.of("driver.cores", Type.POSITIVE_INTEGER),
            OptionSpec.of("driver.memory", Type.BYTES),
            OptionSpec.of("dynamic.allocation.enabled", Type.BOOLEAN),
            OptionSpec.of("dynamic.allocation.min.executors", Type.NON_NEGATIVE_INTEGER),
            OptionSpec.of("dynamic.allocation.max.executors", Type.POSITIVE_INTEGER),
            OptionSpec.of("spark.version", Type.STRING),
            OptionSpec.of("image", Type.STRING),
            OptionSpec.choice("capacity", "spot", "on-demand"),
            OptionSpec.of("kubernetes.context", Type.STRING),
            OptionSpec.of("kubernetes.namespace", Type.STRING));

    /** {@code CREATE JOB ... WITH}: the cluster profile plus Spark conf. */
    public static final OptionCatalog JOB = new OptionCatalog("job", CLUSTER_PROFILE, List.of(), List.of("spark."));

    /** {@code CREATE STREAM name (columns) WITH}: the connector and its settings (Spark's option names). */
    public static final OptionCatalog SOURCE_STREAM = new OptionCatalog("source stream", List.of(
            OptionSpec.choice("connector", "kafka", "files", "rate", "socket", "delta", "iceberg", "table"),
            OptionSpec.choice("format", "json", "csv", "parquet", "orc", "avro", "text", "delta", "iceberg"),
            OptionSpec.of("path", Type.STRING),
            OptionSpec.of("table", Type.STRING),
            OptionSpec.of("topic", Type.STRING),
            OptionSpec.of("subscribe", Type.STRING),
            OptionSpec.of("subscribePattern", Type.STRING),
            OptionSpec.of("startingOffsets", Type.STRING),
            OptionSpec.of("endingOffsets", Type.STRING),
            OptionSpec.of("maxOffsetsPerTrigger", Type.POSITIVE_INTEGER),
            OptionSpec.of("minOffsetsPerTrigger", Type.POSITIVE_INTEGER),
            OptionSpec.of("failOnDataLoss", Type.BOOLEAN),
            OptionSpec.of("includeHeaders", Type.BOOLEAN),
            OptionSpec.of("maxFilesPerTrigger", Type.POSITIVE_INTEGER),
            OptionSpec.of("maxBytesPerTrigger", Type.BYTES),
            OptionSpec.of("latestFirst", Type.BOOLEAN),
            OptionSpec.of("pathGlobFilter", Type.STRING),
            OptionSpec.of("recursiveFileLookup", Type.BOOLEAN),
            OptionSpec.choice("cleanSource", "off", "delete", "archive"),
            OptionSpec.of("sourceArchiveDir", Type.STRING),
            OptionSpec.of("header", Type.BOOLEAN),
            OptionSpec.of("multiLine", Type.BOOLEAN),
            OptionSpec.of("rowsPerSecond", Type.POSITIVE_INTEGER),
            OptionSpec.of("numPartitions", Type.POSITIVE_INTEGER),
            OptionSpec.of("host", Type.STRING),
            OptionSpec.of("port", Type.POSITIVE_INTEGER)),
            List.of("connector"), List.of("kafka.", "spark."));

    /** {@code CREATE STREAM name ... AS SELECT}: the checkpoint and the sink's settings. */
    public static final OptionCatalog QUERY_STREAM = new OptionCatalog("stream", List.of(
            OptionSpec.of("checkpoint.location", Type.STRING),
            OptionSpec.choice("format", "delta", "iceberg", "parquet", "orc", "json", "csv", "kafka", "console", "memory"),
            OptionSpec.of("path", Type.STRING),
            OptionSpec.of("topic", Type.STRING),
            OptionSpec.of("partition.by", Type.STRING),
            OptionSpec.of("mergeSchema", Type.BOOLEAN),
            OptionSpec.of("compression", Type.STRING),
            OptionSpec.of("state.store.provider", Type.STRING)),
            List.of(), List.of("kafka.", "spark."));

    /** {@code CREATE POOL ... WITH}: sharing, sizing, where engines run, and their cluster profile. */
    public static final OptionCatalog POOL = new OptionCatalog("pool", concat(List.of(
            OptionSpec.choice("share.level", "CONNECTION", "USER", "TENANT", "SERVER"),
            OptionSpec.choice("engine.provider", "embedded", "process", "kubernetes"),
            OptionSpec.of("min.engines", Type.NON_NEGATIVE_INTEGER),
            OptionSpec.of("max.engines", Type.POSITIVE_INTEGER),
            OptionSpec.of("max.engines.per.tenant", Type.POSITIVE_INTEGER),
            OptionSpec.of("engine.idle.timeout", Type.DURATION),
            OptionSpec.of("engine.start.timeout", Type.DURATION)), CLUSTER_PROFILE),
            List.of(), List.of("spark."));

    private final String kind;
    private final Map<String, OptionSpec> specs = new LinkedHashMap<>();
    private final List<String> required;
    private final List<String> passThroughPrefixes;

    private OptionCatalog(String kind, List<OptionSpec> specs, List<String> required, List<String> passThroughPrefixes)
    {
        this.kind = kind;
        specs.forEach(spec -> this.specs.put(spec.name().toLowerCase(Locale.ROOT), spec));
        this.required = List.copyOf(required);
        this.passThroughPrefixes = List.copyOf(passThroughPrefixes);
    }

    private static List<OptionSpec> concat(List<OptionSpec> first, List<OptionSpec> second)
    {
        List<OptionSpec> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    public Optional<OptionSpec> spec(String key)
    {
        return Optional.ofNullable(specs.get(key.toLowerCase(Locale.ROOT)));
    }

    public List<String> names()
    {
        return specs.values().stream().map(OptionSpec::name).toList();
    }

    /** Checks every key and value of a {@code WITH} list of {@code object} (as {@code job nightly}). */
    public void check(String object, Map<String, String> options)
    {
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String clause = "WITH '" + key + "'";
            Optional<OptionSpec> spec = spec(key);
            if (spec.isPresent()) {
                spec.get().problem(option.getValue()).ifPresent(problem -> {
                    throw new ModelException(ModelError.INVALID_OPTION_VALUE, object, clause, "'" + option.getValue() + "' " + problem);
                });
                continue;
            }
            String lower = key.toLowerCase(Locale.ROOT);
            Optional<String> prefix = passThroughPrefixes.stream().filter(lower::startsWith).findFirst();
            if (prefix.isPresent()) {
                if (prefix.get().equals("spark.")) {
                    checkSparkSetting(object, clause, key);
                }
                continue;
            }
            String passThrough = passThroughPrefixes.isEmpty() ? ""
                    : "; settings starting with " + String.join(" or ", passThroughPrefixes.stream().map(p -> "'" + p + "'").toList()) + " pass through";
            throw new ModelException(ModelError.UNKNOWN_OPTION, object, clause, "unknown " + kind + " option"
                    + Suggestions.didYouMean(key, names()) + "; known options: " + String.join(", ", names()) + passThrough);
        }
        for (String name : required) {
            boolean present = options.keySet().stream().anyMatch(key -> key.equalsIgnoreCase(name));
            if (!present) {
                throw new ModelException(ModelError.INVALID_DEFINITION, object, "WITH", "a " + kind + " needs '" + name + "'");
            }
        }
    }

    private static void checkSparkSetting(String object, String clause, String key)
    {
        if (WELL_KNOWN_SPARK_SETTINGS.contains(key)) {
            return;
        }
        Optional<String> near = Suggestions.closest(key, WELL_KNOWN_SPARK_SETTINGS);
        if (near.isPresent() && !near.get().equals(key)) {
            throw new ModelException(ModelError.UNKNOWN_OPTION, object, clause, "unknown Spark setting (did you mean '" + near.get() + "'?)");
        }
    }
}
