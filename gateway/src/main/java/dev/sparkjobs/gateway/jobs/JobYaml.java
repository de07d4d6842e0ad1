package dev.sparkjobs.gateway.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.sparkjobs.planner.model.ConcurrencyPolicy;
import dev.sparkjobs.planner.model.Dependencies;
import dev.sparkjobs.planner.model.Expectation;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Notification;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.model.Sla;
import dev.sparkjobs.planner.validation.JobValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job as YAML, the same model as {@code CREATE JOB}: {@code name}, {@code type: batch},
 * {@code cluster} (executor/driver sizing: becomes the {@code WITH} keys {@code executor.instances},
 * ...), {@code conf} (Spark settings), {@code schedule} ({@code type: cron|every|file_arrival|manual}
 * with {@code expression}, {@code time_zone}, {@code interval}, {@code path}), {@code after},
 * {@code retry}, {@code timeout}, {@code sla}, {@code concurrency}, {@code notify}, and
 * {@code pipeline}: either {@code steps} (SQL statements run in order) or {@code sources},
 * {@code transformations} and {@code sinks}, which become temporary views and inserts.
 * Durations are written {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}.
 */
public final class JobYaml
{
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));
    private static final Pattern DURATION = Pattern.compile("(?i)\\s*(\\d+)\\s*(ms|s|m|h|d)\\s*");

    private JobYaml() {}

    public static Job read(String yaml)
    {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a job file is a YAML mapping with at least name and pipeline");
        }
        String type = text(root, "type").orElse("batch");
        if (!type.equalsIgnoreCase("batch") && !type.equalsIgnoreCase("job")) {
            throw new IllegalArgumentException("type: " + type + " is not a job (use type: batch); streams are defined with CREATE STREAM");
        }
        Job.Builder job = Job.builder(text(root, "name").orElseThrow(() -> new IllegalArgumentException("name: missing")));
        text(root, "comment").ifPresent(job::comment);
        text(root, "pool").ifPresent(job::pool);
        JsonNode cluster = root.path("cluster");
        for (String role : List.of("executor", "driver")) {
            cluster.path(role).fields().forEachRemaining(field -> job.option(role + "." + field.getKey().replace('_', '.'), field.getValue().asText()));
        }
        cluster.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("executor") && !field.getKey().equals("driver")) {
                job.option(field.getKey().replace('_', '.'), field.getValue().asText());
            }
        });
        root.path("conf").fields().forEachRemaining(field -> job.option(field.getKey(), field.getValue().asText()));
        JsonNode schedule = root.path("schedule");
        if (!schedule.isMissingNode()) {
            String kind = text(schedule, "type").orElse("manual").toLowerCase(Locale.ROOT);
            job.schedule(switch (kind) {
                case "cron" -> new Schedule.Cron(text(schedule, "expression").orElseThrow(() -> new IllegalArgumentException("schedule.expression: missing")),
                        text(schedule, "time_zone"));
                case "every", "interval" -> new Schedule.Every(duration(text(schedule, "interval").or(() -> text(schedule, "expression"))
                        .orElseThrow(() -> new IllegalArgumentException("schedule.interval: missing"))));
                case "file_arrival", "file" -> new Schedule.FileArrival(text(schedule, "path").orElseThrow(() -> new IllegalArgumentException("schedule.path: missing")));
                case "manual" -> Schedule.MANUAL;
                default -> throw new IllegalArgumentException("schedule.type: " + kind + " (cron, every, file_arrival or manual)");
            });
        }
        JsonNode after = root.path("after");
        if (!after.isMissingNode()) {
            List<String> jobs = new ArrayList<>();
            (after.isArray() ? after : after.path("jobs")).forEach(node -> jobs.add(node.asText()));
            Dependencies.Condition condition = text(after, "when").map(when -> Dependencies.Condition.valueOf(when.trim().toUpperCase(Locale.ROOT).replace(' ', '_')))
                    .orElse(Dependencies.Condition.ALL_SUCCEEDED);
            job.dependencies(Dependencies.after(jobs, condition));
        }
        JsonNode retry = root.path("retry");
        if (!retry.isMissingNode()) {
            Retry.Backoff backoff = text(retry, "backoff").map(b -> Retry.Backoff.valueOf(b.toUpperCase(Locale.ROOT))).orElse(Retry.Backoff.FIXED);
            job.retry(new Retry(retry.path("count").asInt(0), text(retry, "delay").map(JobYaml::duration), backoff, text(retry, "max_delay").map(JobYaml::duration)));
        }
        text(root, "timeout").map(JobYaml::duration).ifPresent(job::timeout);
        JsonNode sla = root.path("sla");
        if (!sla.isMissingNode()) {
            job.sla(new Sla(text(sla, "finish_within").map(JobYaml::duration), text(sla, "max_runtime").map(JobYaml::duration)));
        }
        text(root, "concurrency").ifPresent(c -> job.concurrency(ConcurrencyPolicy.valueOf(c.toUpperCase(Locale.ROOT))));
        if (root.has("suspend_after_failures")) {
            job.suspendAfterFailures(root.path("suspend_after_failures").asInt());
        }
        for (JsonNode expectation : root.path("expectations")) {
            job.expect(new Expectation(text(expectation, "name").orElseThrow(), text(expectation, "expect").orElseThrow(),
                    Expectation.OnViolation.valueOf(text(expectation, "on_violation").orElse("WARN").toUpperCase(Locale.ROOT).replace(' ', '_')),
                    text(expectation, "quarantine_table")));
        }
        for (JsonNode notification : root.path("notify")) {
            job.notify(new Notification(Notification.Event.valueOf(text(notification, "on").orElseThrow().toUpperCase(Locale.ROOT).replace(' ', '_')),
                    text(notification, "url").orElseThrow()));
        }
        pipeline(root.path("pipeline")).forEach(job::statement);
        return JobValidator.validate(job.build());
    }

    /** {@code steps}, or sources / transformations / sinks as temporary views and inserts. */
    private static List<String> pipeline(JsonNode pipeline)
    {
        List<String> statements = new ArrayList<>();
        pipeline.path("steps").forEach(step -> statements.add(step.asText().strip()));
        for (JsonNode source : pipeline.path("sources")) {
            String name = text(source, "name").orElseThrow(() -> new IllegalArgumentException("pipeline.sources[].name: missing"));
            if (source.has("table")) {
                statements.add("CREATE OR REPLACE TEMPORARY VIEW " + name + " AS SELECT * FROM " + source.path("table").asText());
            }
            else {
                String format = text(source, "format").orElseThrow(() -> new IllegalArgumentException("pipeline.sources[" + name + "]: table, or format and path"));
                StringBuilder options = new StringBuilder("path '" + text(source, "path").orElseThrow().replace("'", "''") + "'");
                source.path("options").fields().forEachRemaining(field -> options.append(", '").append(field.getKey()).append("' '")
                        .append(field.getValue().asText().replace("'", "''")).append("'"));
                statements.add("CREATE OR REPLACE TEMPORARY VIEW " + name + " USING " + format + " OPTIONS (" + options + ")");
            }
        }
        for (JsonNode transformation : pipeline.path("transformations")) {
            statements.add("CREATE OR REPLACE TEMPORARY VIEW " + text(transformation, "name").orElseThrow() + " AS " + text(transformation, "sql").orElseThrow().strip());
        }
        for (JsonNode sink : pipeline.path("sinks")) {
            String mode = text(sink, "mode").orElse("append").toLowerCase(Locale.ROOT);
            String from = text(sink, "from").orElseThrow(() -> new IllegalArgumentException("pipeline.sinks[].from: missing"));
            statements.add((mode.equals("overwrite") ? "INSERT OVERWRITE TABLE " : "INSERT INTO ") + text(sink, "table").orElseThrow() + " SELECT * FROM " + from);
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("pipeline: give steps, or sources, transformations and sinks");
        }
        return statements;
    }

    public static String write(Job job)
    {
        ObjectNode root = YAML.createObjectNode();
        root.put("name", job.name());
        root.put("type", "batch");
        job.comment().ifPresent(comment -> root.put("comment", comment));
        job.pool().ifPresent(pool -> root.put("pool", pool));
        ObjectNode cluster = YAML.createObjectNode();
        ObjectNode conf = YAML.createObjectNode();
        job.options().forEach((key, value) -> {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.startsWith("executor.") || lower.startsWith("driver.")) {
                int dot = lower.indexOf('.');
                ObjectNode role = cluster.has(lower.substring(0, dot)) ? (ObjectNode) cluster.get(lower.substring(0, dot)) : cluster.putObject(lower.substring(0, dot));
                role.put(key.substring(dot + 1).replace('.', '_'), value);
            }
            else if (lower.startsWith("spark.")) {
                conf.put(key, value);
            }
            else {
                cluster.put(key.replace('.', '_'), value);
            }
        });
        if (!cluster.isEmpty()) {
            root.set("cluster", cluster);
        }
        if (!conf.isEmpty()) {
            root.set("conf", conf);
        }
        ObjectNode schedule = YAML.createObjectNode();
        if (job.schedule() instanceof Schedule.Cron cron) {
            schedule.put("type", "cron").put("expression", cron.expression());
            cron.timeZone().ifPresent(zone -> schedule.put("time_zone", zone));
        }
        else if (job.schedule() instanceof Schedule.Every every) {
            schedule.put("type", "every").put("interval", duration(every.interval()));
        }
        else if (job.schedule() instanceof Schedule.FileArrival file) {
            schedule.put("type", "file_arrival").put("path", file.path());
        }
        else {
            schedule.put("type", "manual");
        }
        root.set("schedule", schedule);
        if (!job.dependencies().isEmpty()) {
            ObjectNode after = root.putObject("after");
            ArrayNode jobs = after.putArray("jobs");
            job.dependencies().upstream().forEach(jobs::add);
            after.put("when", job.dependencies().condition().name().toLowerCase(Locale.ROOT));
        }
        if (job.retry().count() > 0) {
            ObjectNode retry = root.putObject("retry");
            retry.put("count", job.retry().count());
            job.retry().delay().ifPresent(delay -> retry.put("delay", duration(delay)));
            retry.put("backoff", job.retry().backoff().name().toLowerCase(Locale.ROOT));
            job.retry().maxDelay().ifPresent(max -> retry.put("max_delay", duration(max)));
        }
        job.timeout().ifPresent(timeout -> root.put("timeout", duration(timeout)));
        if (!job.sla().isEmpty()) {
            ObjectNode sla = root.putObject("sla");
            job.sla().finishWithin().ifPresent(d -> sla.put("finish_within", duration(d)));
            job.sla().maxRuntime().ifPresent(d -> sla.put("max_runtime", duration(d)));
        }
        root.put("concurrency", job.concurrency().name().toLowerCase(Locale.ROOT));
        job.suspendAfterFailures().ifPresent(n -> root.put("suspend_after_failures", n));
        if (!job.expectations().isEmpty()) {
            ArrayNode expectations = root.putArray("expectations");
            for (Expectation expectation : job.expectations()) {
                ObjectNode node = expectations.addObject().put("name", expectation.name()).put("expect", expectation.condition())
                        .put("on_violation", expectation.onViolation().name().toLowerCase(Locale.ROOT));
                expectation.quarantineTable().ifPresent(table -> node.put("quarantine_table", table));
            }
        }
        if (!job.notifications().isEmpty()) {
            ArrayNode notify = root.putArray("notify");
            job.notifications().forEach(n -> notify.addObject().put("on", n.on().name().toLowerCase(Locale.ROOT)).put("url", n.url()));
        }
        ArrayNode steps = root.putObject("pipeline").putArray("steps");
        job.body().forEach(steps::add);
        try {
            return YAML.writeValueAsString(root);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Duration duration(String text)
    {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            try {
                return Duration.parse(text.trim());
            }
            catch (RuntimeException e) {
                throw new IllegalArgumentException("not a duration: '" + text + "' (write 90s, 5m, 2h or 1d)");
            }
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    static String duration(Duration duration)
    {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static Optional<String> text(JsonNode node, String field)
    {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
