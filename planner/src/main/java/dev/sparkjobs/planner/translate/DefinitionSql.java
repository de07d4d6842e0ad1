package dev.sparkjobs.planner.translate;

import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.Window;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code CREATE} statement of a definition, written from the model: what {@code SHOW CREATE}
 * prints, and what the store keeps after an {@code ALTER}. Parsing it gives the same model.
 */
public final class DefinitionSql
{
    private DefinitionSql() {}

    public static String job(Job job)
    {
        StringBuilder sql = new StringBuilder("CREATE JOB ").append(identifier(job.name()));
        job.comment().ifPresent(comment -> sql.append("\n  COMMENT ").append(string(comment)));
        job.pool().ifPresent(pool -> sql.append("\n  IN POOL ").append(identifier(pool)));
        if (!job.options().isEmpty()) {
            sql.append("\n  WITH ").append(options(job.options()));
        }
        if (job.schedule() instanceof Schedule.Cron cron) {
            sql.append("\n  SCHEDULE CRON ").append(string(cron.expression()));
            cron.timeZone().ifPresent(zone -> sql.append(" TIME ZONE ").append(string(zone)));
        }
        else if (job.schedule() instanceof Schedule.Every every) {
            sql.append("\n  SCHEDULE EVERY ").append(interval(every.interval()));
        }
        else if (job.schedule() instanceof Schedule.FileArrival file) {
            sql.append("\n  SCHEDULE ON FILE ARRIVAL IN ").append(string(file.path()));
        }
        if (!job.dependencies().isEmpty()) {
            sql.append("\n  AFTER ").append(job.dependencies().upstream().stream().map(DefinitionSql::identifier).collect(Collectors.joining(", ")))
                    .append(" WHEN ").append(job.dependencies().condition().name().replace('_', ' '));
        }
        if (job.retry().count() > 0) {
            sql.append("\n  ").append(retry(job.retry()));
        }
        job.timeout().ifPresent(timeout -> sql.append("\n  TIMEOUT ").append(interval(timeout)));
        job.sla().finishWithin().ifPresent(within -> sql.append("\n  SLA FINISH WITHIN ").append(interval(within)).append(" OF SCHEDULED TIME"));
        job.sla().maxRuntime().ifPresent(runtime -> sql.append("\n  SLA MAX RUNTIME ").append(interval(runtime)));
        sql.append("\n  CONCURRENCY ").append(job.concurrency().name());
        job.suspendAfterFailures().ifPresent(failures -> sql.append("\n  SUSPEND AFTER ").append(failures).append(" FAILURES"));
        for (var expectation : job.expectations()) {
            sql.append("\n  CONSTRAINT ").append(identifier(expectation.name())).append(" EXPECT (").append(expectation.condition())
                    .append(") ON VIOLATION ").append(expectation.onViolation().name().replace('_', ' '));
            expectation.quarantineTable().ifPresent(table -> sql.append(" INTO ").append(table));
        }
        for (var notification : job.notifications()) {
            sql.append("\n  ON ").append(notification.on().name().replace('_', ' ')).append(" NOTIFY ").append(string(notification.url()));
        }
        sql.append("\nAS ");
        if (job.body().size() == 1) {
            sql.append(job.body().get(0));
        }
        else {
            sql.append("BEGIN\n");
            job.body().forEach(statement -> sql.append("  ").append(statement).append(";\n"));
            sql.append("END");
        }
        return sql.toString();
    }

    public static String stream(Stream stream)
    {
        StringBuilder sql = new StringBuilder("CREATE STREAM ").append(identifier(stream.name()));
        if (stream.definition() instanceof StreamSource source) {
                sql.append(" (\n");
                sql.append(source.columns().stream().map(column -> "  " + identifier(column.name()) + " " + column.type().toUpperCase(Locale.ROOT))
                        .collect(Collectors.joining(",\n")));
                source.watermark().ifPresent(watermark -> sql.append(",\n  WATERMARK FOR ").append(identifier(watermark.column())).append(" AS ")
                        .append(identifier(watermark.column())).append(" - ").append(interval(watermark.delay())));
                sql.append(")\n  WITH ").append(options(source.options()));
        }
        else if (stream.definition() instanceof StreamQuery query) {
                query.sinkTable().ifPresent(sink -> sql.append("\n  INTO ").append(sink));
                query.pool().ifPresent(pool -> sql.append("\n  IN POOL ").append(identifier(pool)));
                if (!query.options().isEmpty()) {
                    sql.append("\n  WITH ").append(options(query.options()));
                }
                query.window().ifPresent(clause -> {
                    sql.append("\n  WINDOW ").append(window(clause.window()));
                    clause.timeColumn().ifPresent(column -> sql.append(" ON ").append(identifier(column)));
                });
                query.trigger().ifPresent(trigger -> sql.append("\n  TRIGGER ").append(trigger instanceof Trigger.ProcessingTime time
                        ? "PROCESSING TIME " + interval(time.interval())
                        : "AVAILABLE NOW"));
                sql.append("\n  EMIT ").append(query.emit().name());
                query.lateData().table().ifPresentOrElse(table -> sql.append("\n  LATE DATA INTO ").append(table), () -> sql.append("\n  LATE DATA DROP"));
                if (query.retry().count() > 0) {
                    sql.append("\n  ").append(retry(query.retry()));
                }
                query.maxLag().ifPresent(lag -> sql.append("\n  SLA MAX LAG ").append(interval(lag)));
                sql.append("\nAS ").append(query.query());
        }
        return sql.toString();
    }

    public static String pool(Pool pool)
    {
        return "CREATE POOL " + identifier(pool.name()) + (pool.options().isEmpty() ? "" : " WITH " + options(pool.options()));
    }

    private static String window(Window window)
    {
        if (window instanceof Window.Tumbling tumbling) {
            return "TUMBLING (SIZE " + interval(tumbling.size()) + grace(tumbling.grace().orElse(null)) + ")";
        }
        if (window instanceof Window.Hopping hopping) {
            return "HOPPING (SIZE " + interval(hopping.size()) + ", ADVANCE BY " + interval(hopping.advance()) + grace(hopping.grace().orElse(null)) + ")";
        }
        if (window instanceof Window.Session session) {
            return "SESSION (GAP " + interval(session.gap()) + grace(session.grace().orElse(null)) + ")";
        }
        return "TUMBLING (SIZE " + ((Window.CountTumbling) window).rows() + " ROWS)";
    }

    private static String grace(Duration grace)
    {
        return grace == null ? "" : ", GRACE PERIOD " + interval(grace);
    }

    private static String retry(Retry retry)
    {
        StringBuilder sql = new StringBuilder("RETRY ").append(retry.count()).append(" TIMES");
        retry.delay().ifPresent(delay -> sql.append(" DELAY ").append(interval(delay)));
        sql.append(" BACKOFF ").append(retry.backoff().name());
        retry.maxDelay().ifPresent(max -> sql.append(" MAX ").append(interval(max)));
        return sql.toString();
    }

    /** The largest whole unit that expresses the duration exactly. */
    public static String interval(Duration duration)
    {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return "INTERVAL '" + millis / 1000.0 + "' SECOND";
        }
        long seconds = millis / 1000;
        if (seconds != 0 && seconds % 86_400 == 0) {
            return "INTERVAL '" + seconds / 86_400 + "' DAY";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return "INTERVAL '" + seconds / 3600 + "' HOUR";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return "INTERVAL '" + seconds / 60 + "' MINUTE";
        }
        return "INTERVAL '" + seconds + "' SECOND";
    }

    private static String options(Map<String, String> options)
    {
        return options.entrySet().stream().map(entry -> string(entry.getKey()) + " = " + string(entry.getValue()))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    static String identifier(String name)
    {
        if (name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return name;
        }
        return "`" + name.replace("`", "``") + "`";
    }

    static String string(String value)
    {
        return "'" + value.replace("'", "''") + "'";
    }
}
