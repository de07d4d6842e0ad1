package dev.sparkjobs.planner.validation;

import static dev.sparkjobs.planner.validation.Errors.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionCatalogTest
{
    @Test
    void knownOptionsWithGoodValuesPass()
    {
        OptionCatalog.JOB.check("job j", Map.of("executor.instances", "10", "executor.memory", "8g", "driver.memory", "512m",
                "dynamic.allocation.enabled", "TRUE", "capacity", "Spot", "spark.sql.shuffle.partitions", "64", "spark.my.custom.setting", "x"));
        OptionCatalog.POOL.check("pool p", Map.of("share.level", "user", "min.engines", "0", "max.engines", "8", "engine.idle.timeout", "30m"));
        OptionCatalog.SOURCE_STREAM.check("stream s", Map.of("connector", "kafka", "topic", "clicks", "kafka.bootstrap.servers", "h:9092", "STARTINGOFFSETS", "earliest"));
        OptionCatalog.QUERY_STREAM.check("stream q", Map.of("checkpoint.location", "/tmp/c", "format", "delta"));
    }

    @Test
    void unknownOptionSuggestsTheNearestKnownOne()
    {
        ModelException e = assertFails(ModelError.UNKNOWN_OPTION, "WITH 'executor.memroy'",
                () -> OptionCatalog.JOB.check("job nightly", Map.of("executor.memroy", "8g")), "job nightly", "did you mean 'executor.memory'?");
        assertEquals("42704", e.sqlState());
        assertFails(ModelError.UNKNOWN_OPTION, "WITH 'colour'", () -> OptionCatalog.POOL.check("pool p", Map.of("colour", "red")), "known options: share.level");
    }

    @Test
    void nearMissOfAWellKnownSparkSettingIsATypo()
    {
        assertFails(ModelError.UNKNOWN_OPTION, "WITH 'spark.executor.memroy'",
                () -> OptionCatalog.JOB.check("job j", Map.of("spark.executor.memroy", "8g")), "did you mean 'spark.executor.memory'?");
        // Spark's settings are case-sensitive: a wrong case is a typo too.
        assertFails(ModelError.UNKNOWN_OPTION, "WITH 'spark.sql.Shuffle.partitions'",
                () -> OptionCatalog.JOB.check("job j", Map.of("spark.sql.Shuffle.partitions", "8")), "spark.sql.shuffle.partitions");
    }

    @Test
    void valuesMustHaveTheirOptionsForm()
    {
        assertFails(ModelError.INVALID_OPTION_VALUE, "WITH 'executor.instances'", () -> OptionCatalog.JOB.check("job j", Map.of("executor.instances", "0")), "above 0");
        assertFails(ModelError.INVALID_OPTION_VALUE, "WITH 'executor.instances'", () -> OptionCatalog.JOB.check("job j", Map.of("executor.instances", "ten")));
        assertFails(ModelError.INVALID_OPTION_VALUE, "WITH 'min.engines'", () -> OptionCatalog.POOL.check("pool p", Map.of("min.engines", "-1")), "0 or more");
        assertFails(ModelError.INVALID_OPTION_VALUE, "WITH 'executor.memory'", () -> OptionCatalog.JOB.check("job j", Map.of("executor.memory", "lots")), "512m");
        assertFails(ModelError.INVALID_OPTION_VALUE, "WITH 'engine.idle.timeout'", () -> OptionCatalog.POOL.check("pool p", Map.of("engine.idle.timeout", "0s")), "positive duration");
        assertFails(ModelError.INVALID_OPTION_VALUE, "WITH 'dynamic.allocation.enabled'", () -> OptionCatalog.JOB.check("job j", Map.of("dynamic.allocation.enabled", "yes")), "true or false");
        assertFails(ModelError.INVALID_OPTION_VALUE, "WITH 'share.level'", () -> OptionCatalog.POOL.check("pool p", Map.of("share.level", "GROUP")), "CONNECTION, USER, TENANT, SERVER");
        assertFails(ModelError.INVALID_OPTION_VALUE, "WITH 'path'", () -> OptionCatalog.QUERY_STREAM.check("stream q", Map.of("path", " ")), "empty");
    }

    @Test
    void requiredOptions()
    {
        assertFails(ModelError.INVALID_DEFINITION, "WITH", () -> OptionCatalog.SOURCE_STREAM.check("stream s", Map.of("topic", "t")), "'connector'");
    }

    @Test
    void durations()
    {
        assertEquals(Optional.of(Duration.ofMillis(500)), OptionSpec.duration("500ms"));
        assertEquals(Optional.of(Duration.ofMinutes(15)), OptionSpec.duration("15min"));
        assertEquals(Optional.of(Duration.ofHours(8)), OptionSpec.duration("PT8H"));
        assertEquals(Optional.of(Duration.ofDays(2)), OptionSpec.duration("2d"));
        assertEquals(Optional.empty(), OptionSpec.duration("soon"));
    }
}
