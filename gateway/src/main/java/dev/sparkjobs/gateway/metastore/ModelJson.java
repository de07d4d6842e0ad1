package dev.sparkjobs.gateway.metastore;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.model.StreamDefinition;
import dev.sparkjobs.planner.model.StreamQuery;
import dev.sparkjobs.planner.model.StreamSource;
import dev.sparkjobs.planner.model.Trigger;
import dev.sparkjobs.planner.model.Window;

/**
 * The job model as JSON, for the metadata database. The records carry no Jackson annotations (the
 * model is plain data); the sealed types get a {@code "type"} property through mix-ins here.
 * Durations are ISO-8601 strings ({@code "PT1H"}), absent values are left out, unknown properties
 * are ignored so that an older gateway can read a newer definition. {@link #FORMAT} is stored
 * beside each definition and grows when the JSON changes incompatibly.
 */
public final class ModelJson
{
    /** The format of the JSON written now. */
    public static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // isEmpty(), isSource(), isTimeBased() are conveniences, not data.
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT)
            .addMixIn(Schedule.class, ScheduleTypes.class)
            .addMixIn(Window.class, WindowTypes.class)
            .addMixIn(Trigger.class, TriggerTypes.class)
            .addMixIn(StreamDefinition.class, StreamDefinitionTypes.class)
            .build();

    private ModelJson() {}

    public static String write(Object value)
    {
        try {
            return MAPPER.writeValueAsString(value);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type)
    {
        try {
            return MAPPER.readValue(json, type);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read a " + type.getSimpleName() + " from the stored JSON: " + e.getOriginalMessage(), e);
        }
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Schedule.Cron.class, name = "cron"),
            @JsonSubTypes.Type(value = Schedule.Every.class, name = "every"),
            @JsonSubTypes.Type(value = Schedule.FileArrival.class, name = "file_arrival"),
            @JsonSubTypes.Type(value = Schedule.Manual.class, name = "manual")})
    private interface ScheduleTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Window.Tumbling.class, name = "tumbling"),
            @JsonSubTypes.Type(value = Window.Hopping.class, name = "hopping"),
            @JsonSubTypes.Type(value = Window.Session.class, name = "session"),
            @JsonSubTypes.Type(value = Window.CountTumbling.class, name = "count_tumbling")})
    private interface WindowTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Trigger.ProcessingTime.class, name = "processing_time"),
            @JsonSubTypes.Type(value = Trigger.AvailableNow.class, name = "available_now")})
    private interface TriggerTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = StreamSource.class, name = "source"),
            @JsonSubTypes.Type(value = StreamQuery.class, name = "query")})
    private interface StreamDefinitionTypes {}
}
