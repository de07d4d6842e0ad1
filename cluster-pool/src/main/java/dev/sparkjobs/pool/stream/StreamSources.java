package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import dev.sparkjobs.planner.model.Column;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Watermark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.types.StructType;

/**
 * Turns a source stream into a streaming {@link Dataset}: the connector's reader, the declared
 * columns as the schema, and the {@code WATERMARK} as {@code withWatermark}.
 * <ul>
 * <li>{@code kafka}: {@code topic} (or {@code subscribe}, {@code subscribePattern}), {@code kafka.*}
 *     and Spark's Kafka options pass through; the value is parsed as {@code format} json (default),
 *     csv or avro (the Avro schema derived from the columns, as Spark's {@code to_avro} writes it).
 *     Columns named {@code kafka_key}, {@code kafka_topic}, {@code kafka_partition},
 *     {@code kafka_offset}, {@code kafka_timestamp}, {@code kafka_timestamp_type} and
 *     {@code kafka_headers} are taken from the Kafka record instead of the value.</li>
 * <li>{@code files} (or {@code filesystem}): a directory {@code path} of json, csv, parquet, orc,
 *     avro or text files arriving over time; other options go to Spark's reader.</li>
 * <li>{@code rate}: Spark's demo source ({@code timestamp}, {@code value}).</li>
 * </ul>
 */
public final class StreamSources
{
    static final String KAFKA_PREFIX = "kafka_";
    private static final Map<String, String> KAFKA_METADATA = Map.of(
            "kafka_key", "CAST(key AS STRING)",
            "kafka_topic", "topic",
            "kafka_partition", "partition",
            "kafka_offset", "offset",
            "kafka_timestamp", "timestamp",
            "kafka_timestamp_type", "timestampType",
            "kafka_headers", "headers");
    private static final Set<String> OWN_OPTIONS = Set.of("connector", "format", "topic", "path");

    private StreamSources() {}

    /**
     * The stream's rows. {@code startingOffsets} overrides the source's own setting (Kafka's
     * {@code earliest}/{@code latest}) for a restart from the beginning or the end;
     * {@code fallbackWatermark} applies when the source declares no watermark (a window's GRACE PERIOD).
     */
    public static Dataset<Row> read(SparkSession spark, String name, StreamSource source, Optional<String> startingOffsets, Optional<Watermark> fallbackWatermark)
    {
        requireNonNull(spark, "spark is null");
        requireNonNull(source, "source is null");
        String connector = option(source, "connector").orElse("kafka").toLowerCase(Locale.ROOT);
        Dataset<Row> rows = switch (connector) {
            case "kafka" -> kafka(spark, name, source, startingOffsets);
            case "files", "filesystem" -> files(spark, name, source);
            case "rate" -> rate(spark, source);
            default -> throw StreamErrors.unsupported(name, "WITH 'connector'", "the connector '" + connector + "' does not run yet; kafka, files and rate do");
        };
        Optional<Watermark> watermark = source.watermark().or(() -> fallbackWatermark);
        if (watermark.isPresent()) {
            rows = rows.withWatermark(watermark.get().column(), interval(watermark.get().delay()));
        }
        return rows;
    }

    /** The declared columns that the connector's payload carries, as a Spark schema. */
    public static StructType payloadSchema(StreamSource source)
    {
        List<Column> payload = source.columns().stream()
                .filter(column -> !KAFKA_METADATA.containsKey(column.name().toLowerCase(Locale.ROOT)) || !isKafka(source))
                .toList();
        if (payload.isEmpty()) {
            return new StructType();
        }
        return StructType.fromDDL(payload.stream().map(column -> quote(column.name()) + " " + column.type()).collect(Collectors.joining(", ")));
    }

    /** All declared columns, as a Spark schema. */
    public static StructType schemaOf(StreamSource source)
    {
        return StructType.fromDDL(source.columns().stream().map(column -> quote(column.name()) + " " + column.type()).collect(Collectors.joining(", ")));
    }

    /** The Avro schema a Kafka avro value is read with (and a producer writes with). */
    public static String avroSchema(StreamSource source)
    {
        return SchemaConverters.toAvroType(payloadSchema(source), false, "topLevelRecord", "").toString();
    }

    static String interval(Duration duration)
    {
        return duration.toMillis() + " milliseconds";
    }

    static String quote(String identifier)
    {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static boolean isKafka(StreamSource source)
    {
        return option(source, "connector").orElse("kafka").equalsIgnoreCase("kafka");
    }

    private static Dataset<Row> kafka(SparkSession spark, String name, StreamSource source, Optional<String> startingOffsets)
    {
        DataStreamReader reader = spark.readStream().format("kafka");
        Map<String, String> options = new HashMap<>();
        source.options().forEach((key, value) -> {
            if (!OWN_OPTIONS.contains(key.toLowerCase(Locale.ROOT))) {
                options.put(key, value);
            }
        });
        option(source, "topic").ifPresent(topic -> options.put("subscribe", topic));
        startingOffsets.ifPresent(offsets -> options.put("startingOffsets", offsets));
        if (source.column("kafka_headers").isPresent()) {
            options.put("includeHeaders", "true");
        }
        Dataset<Row> raw = reader.options(options).load();

        StructType payload = payloadSchema(source);
        String format = option(source, "format").orElse("json").toLowerCase(Locale.ROOT);
        org.apache.spark.sql.Column value = switch (format) {
            case "json" -> functions.from_json(col("value").cast("string"), payload);
            case "csv" -> functions.from_csv(col("value").cast("string"), functions.lit(payload.toDDL()), Map.<String, String>of());
            case "avro" -> org.apache.spark.sql.avro.functions.from_avro(col("value"), avroSchema(source));
            default -> throw StreamErrors.unsupported(name, "WITH 'format'", "a Kafka value in format '" + format + "' cannot be read; json, csv and avro can");
        };
        Dataset<Row> parsed = raw.select(col("*"), value.alias("__value"));
        List<org.apache.spark.sql.Column> columns = new ArrayList<>();
        for (Column column : source.columns()) {
            String metadata = KAFKA_METADATA.get(column.name().toLowerCase(Locale.ROOT));
            if (metadata != null) {
                columns.add(functions.expr(metadata).alias(column.name()));
            }
            else {
                columns.add(col("__value." + quote(column.name())).alias(column.name()));
            }
        }
        return parsed.select(columns.toArray(org.apache.spark.sql.Column[]::new));
    }

    private static Dataset<Row> files(SparkSession spark, String name, StreamSource source)
    {
        String path = option(source, "path").orElseThrow(() -> StreamErrors.invalid(name, "WITH 'path'", "a files source needs 'path', the directory to watch"));
        String format = option(source, "format").orElse("json").toLowerCase(Locale.ROOT);
        Map<String, String> options = new HashMap<>();
        source.options().forEach((key, value) -> {
            if (!OWN_OPTIONS.contains(key.toLowerCase(Locale.ROOT))) {
                options.put(key, value);
            }
        });
        return spark.readStream().format(format).schema(payloadSchema(source)).options(options).load(path);
    }

    private static Dataset<Row> rate(SparkSession spark, StreamSource source)
    {
        Map<String, String> options = new HashMap<>();
        option(source, "rowsPerSecond").ifPresent(value -> options.put("rowsPerSecond", value));
        option(source, "numPartitions").ifPresent(value -> options.put("numPartitions", value));
        Dataset<Row> raw = spark.readStream().format("rate").options(options).load();
        List<org.apache.spark.sql.Column> columns = source.columns().stream()
                .map(column -> col(quote(column.name())).cast(column.type()).alias(column.name()))
                .toList();
        return raw.select(columns.toArray(org.apache.spark.sql.Column[]::new));
    }

    static Optional<String> option(StreamSource source, String key)
    {
        return option(source.options(), key);
    }

    static Optional<String> option(Map<String, String> options, String key)
    {
        return options.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(key))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
