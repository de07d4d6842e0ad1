package dev.sparkjobs.gateway.metastore;

import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.Window;
import dev.sparkjobs.planner.model.WindowClause;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary columns stored beside each definition, so that system.jobs and system.streams read
 * plain columns instead of JSON. Clauses are rendered much as GRAMMAR.md writes them; intervals as
 * ISO-8601 durations.
 */
final class Summaries
{
    private Summaries() {}

    static Map<String, Object> job(Job job)
    {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("comment", job.comment().orElse(null));
        columns.put("pool", job.pool().orElse(null));
        columns.put("schedule_kind", scheduleKind(job.schedule()));
        columns.put("schedule", schedule(job.schedule()));
        columns.put("time_zone", job.schedule() instanceof Schedule.Cron cron ? cron.timeZone().orElse(null) : null);
        columns.put("upstream", job.dependencies().isEmpty() ? null : String.join(",", job.dependencies().upstream()));
        columns.put("dependency_condition", job.dependencies().isEmpty() ? null : job.dependencies().condition().name());
        columns.put("concurrency", job.concurrency().name());
        columns.put("retries", job.retry().count());
        columns.put("timeout_ms", job.timeout().map(Duration::toMillis).orElse(null));
        return columns;
    }

    static Map<String, Object> stream(Stream stream)
    {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("comment", stream.comment().orElse(null));
        if (stream.definition() instanceof StreamSource source) {
            columns.put("stream_kind", "SOURCE");
            columns.put("pool", null);
            columns.put("sink_table", null);
            columns.put("inputs", null);
            columns.put("window_spec", null);
            columns.put("trigger_spec", null);
            columns.put("emit_mode", null);
            columns.put("checkpoint_location", null);
            return columns;
        }
        StreamQuery query = (StreamQuery) stream.definition();
        columns.put("stream_kind", "QUERY");
        columns.put("pool", query.pool().orElse(null));
        columns.put("sink_table", query.sinkTable().orElse(stream.name()));
        columns.put("inputs", String.join(",", query.inputs()));
        columns.put("window_spec", query.window().map(Summaries::window).orElse(null));
        columns.put("trigger_spec", query.trigger().map(Summaries::trigger).orElse(null));
        columns.put("emit_mode", query.emit().name());
        columns.put("checkpoint_location", query.options().entrySet().stream()
                .filter(option -> option.getKey().equalsIgnoreCase("checkpoint.location")).map(Map.Entry::getValue).findFirst().orElse(null));
        return columns;
    }

    static String scheduleKind(Schedule schedule)
    {
        if (schedule instanceof Schedule.Cron) {
            return "CRON";
        }
        if (schedule instanceof Schedule.Every) {
            return "EVERY";
        }
        return schedule instanceof Schedule.FileArrival ? "FILE_ARRIVAL" : "MANUAL";
    }

    static String schedule(Schedule schedule)
    {
        if (schedule instanceof Schedule.Cron cron) {
            return cron.expression();
        }
        if (schedule instanceof Schedule.Every every) {
            return every.interval().toString();
        }
        return schedule instanceof Schedule.FileArrival arrival ? arrival.path() : null;
    }

    static String window(WindowClause clause)
    {
        Window window = clause.window();
        String text;
        if (window instanceof Window.Tumbling tumbling) {
            text = "TUMBLING (SIZE " + tumbling.size() + tumbling.grace().map(g -> ", GRACE PERIOD " + g).orElse("") + ")";
        }
        else if (window instanceof Window.Hopping hopping) {
            text = "HOPPING (SIZE " + hopping.size() + ", ADVANCE BY " + hopping.advance() + hopping.grace().map(g -> ", GRACE PERIOD " + g).orElse("") + ")";
        }
        else if (window instanceof Window.Session session) {
            text = "SESSION (GAP " + session.gap() + session.grace().map(g -> ", GRACE PERIOD " + g).orElse("") + ")";
        }
        else {
            text = "TUMBLING (SIZE " + ((Window.CountTumbling) window).rows() + " ROWS)";
        }
        return text + clause.timeColumn().map(column -> " ON " + column).orElse("");
    }

    static String trigger(Trigger trigger)
    {
        return trigger instanceof Trigger.ProcessingTime time ? "PROCESSING TIME " + time.interval() : "AVAILABLE NOW";
    }
}
