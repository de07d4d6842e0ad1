package dev.sparkjobs.gateway.metastore;

import dev.sparkjobs.planner.model.Column;
import dev.sparkjobs.planner.model.ConcurrencyPolicy;
import dev.sparkjobs.planner.model.Dependencies;
import dev.sparkjobs.planner.model.EmitMode;
import dev.sparkjobs.planner.model.Expectation;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.LateDataPolicy;
import dev.sparkjobs.planner.model.Notification;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.planner.model.Retry;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.model.Sla;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.Watermark;
import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Model values with every clause set, one of each kind, for round trips. */
final class Models
{
    private Models() {}

    static Job fullJob(String name, Schedule schedule)
    {
        return Job.builder(name)
                .comment("loads the facts")
                .pool("etl")
                .option("executor.instances", "10").option("executor.memory", "8g").option("spark.sql.shuffle.partitions", "64")
                .schedule(schedule)
                .after(Dependencies.Condition.ANY_FAILED, "extract", "Stage")
                .retry(Retry.exponential(3, Duration.ofSeconds(30), Duration.ofMinutes(10)))
                .timeout(Duration.ofHours(2))
                .sla(new Sla(Optional.of(Duration.ofHours(3)), Optional.of(Duration.ofMinutes(90))))
                .concurrency(ConcurrencyPolicy.QUEUE)
                .suspendAfterFailures(5)
                .expect(new Expectation("positive", "amount > 0", Expectation.OnViolation.QUARANTINE, Optional.of("bad_rows")))
                .expect(Expectation.of("id_present", "id IS NOT NULL", Expectation.OnViolation.DROP_ROW))
                .notify(new Notification(Notification.Event.FAILURE, "https://hooks.example.com/fail"))
                .notify(new Notification(Notification.Event.SLA_MISS, "https://hooks.example.com/sla"))
                .statement("INSERT INTO facts SELECT * FROM staging WHERE day = '${logical_date}'")
                .statement("MERGE INTO dims d USING updates u ON d.id = u.id WHEN MATCHED THEN UPDATE SET *")
                .build();
    }

    static List<Schedule> everySchedule()
    {
        return List.of(new Schedule.Cron("0 2 * * *", Optional.of("Europe/Berlin")), new Schedule.Cron("0 0/5 * ? * MON-FRI", Optional.empty()),
                new Schedule.Every(Duration.ofMinutes(15)), new Schedule.FileArrival("s3a://landing/orders/*.json"), Schedule.MANUAL);
    }

    static Stream source(String name)
    {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "kafka");
        options.put("topic", "clicks");
        options.put("kafka.bootstrap.servers", "localhost:9092");
        return new Stream(name, 1, Optional.of("raw clicks"), new StreamSource(
                List.of(new Column("user_id", "BIGINT"), new Column("page", "STRING"), new Column("ts", "TIMESTAMP")),
                Optional.of(new Watermark("ts", Duration.ofSeconds(10))), options));
    }

    static List<WindowClause> everyWindow()
    {
        return List.of(
                WindowClause.on(new Window.Tumbling(Duration.ofMinutes(1), Optional.of(Duration.ofSeconds(5))), "ts"),
                WindowClause.on(new Window.Hopping(Duration.ofMinutes(5), Duration.ofMinutes(1), Optional.empty()), "ts"),
                WindowClause.on(new Window.Session(Duration.ofMinutes(30), Optional.of(Duration.ZERO)), "ts"),
                new WindowClause(new Window.CountTumbling(1000), Optional.empty()));
    }

    static Stream query(String name, WindowClause window, Trigger trigger)
    {
        return new Stream(name, 1, Optional.empty(), new StreamQuery(Optional.of("clicks_per_minute_sink"), Optional.of("streaming"),
                Map.of("checkpoint.location", "/data/checkpoints/" + name), Optional.of(window), Optional.of(trigger), EmitMode.FINAL,
                LateDataPolicy.into("late_clicks"), Retry.fixed(5, Duration.ofSeconds(10)), Optional.of(Duration.ofMinutes(2)), List.of("clicks"),
                "SELECT window_start, window_end, page, COUNT(*) AS clicks FROM clicks GROUP BY page"));
    }

    static Pool pool(String name)
    {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("share.level", "USER");
        options.put("min.engines", "1");
        options.put("max.engines", "8");
        options.put("engine.idle.timeout", "30m");
        return new Pool(name, options);
    }
}
