package dev.sparkjobs.gateway.metastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Pool;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.model.Stream;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.WindowClause;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every model type survives JSON unchanged; the JSON is readable and stable. */
class ModelJsonTest
{
    private static <T> void roundTrip(T value, Class<T> type)
    {
        String json = ModelJson.write(value);
        assertEquals(value, ModelJson.read(json, type), json);
    }

    @Test
    void jobsWithEveryScheduleAndEveryClause()
    {
        for (Schedule schedule : Models.everySchedule()) {
            roundTrip(Models.fullJob("facts", schedule), Job.class);
        }
        roundTrip(Job.builder("minimal").statement("SELECT 1").build(), Job.class);
    }

    @Test
    void streamsOfBothFormsWithEveryWindowAndTrigger()
    {
        roundTrip(Models.source("clicks"), Stream.class);
        for (WindowClause window : Models.everyWindow()) {
            roundTrip(Models.query("per_minute", window, new Trigger.ProcessingTime(Duration.ofSeconds(30))), Stream.class);
            roundTrip(Models.query("per_minute", window, new Trigger.AvailableNow()), Stream.class);
        }
        roundTrip(Stream.of("bare", StreamQuery.of(List.of(), "SELECT 1")), Stream.class);
    }

    @Test
    void pools()
    {
        roundTrip(Models.pool("etl"), Pool.class);
        roundTrip(new Pool("empty", Map.of()), Pool.class);
    }

    @Test
    void theJsonIsPlain()
    {
        String json = ModelJson.write(Job.builder("j").schedule(new Schedule.Every(Duration.ofHours(1))).timeout(Duration.ofMinutes(5)).statement("SELECT 1").build());
        assertTrue(json.contains("\"schedule\":{\"type\":\"every\",\"interval\":\"PT1H\"}"), json);
        assertTrue(json.contains("\"timeout\":\"PT5M\""), json);
        assertTrue(!json.contains("\"comment\""), "absent values are left out: " + json);
        assertTrue(!json.contains("\"empty\""), "conveniences are not data: " + json);
        // Options keep the order the user wrote them in.
        String pool = ModelJson.write(Models.pool("p"));
        assertTrue(pool.indexOf("share.level") < pool.indexOf("engine.idle.timeout"), pool);
    }

    @Test
    void unknownPropertiesAreIgnoredAndGarbageIsRefused()
    {
        Job job = ModelJson.read("{\"name\":\"j\",\"version\":3,\"future_clause\":42,\"options\":{},\"schedule\":{\"type\":\"manual\"},"
                + "\"dependencies\":{\"upstream\":[],\"condition\":\"ALL_SUCCEEDED\"},\"retry\":{\"count\":0,\"backoff\":\"FIXED\"},"
                + "\"sla\":{},\"concurrency\":\"ALLOW\",\"expectations\":[],\"notifications\":[],\"body\":[\"SELECT 1\"]}", Job.class);
        assertEquals(Job.builder("j").version(3).statement("SELECT 1").build(), job);
        assertThrows(IllegalArgumentException.class, () -> ModelJson.read("{\"name\":", Job.class));
    }
}
