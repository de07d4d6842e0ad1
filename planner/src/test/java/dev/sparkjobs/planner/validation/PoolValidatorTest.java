package dev.sparkjobs.planner.validation;

import static dev.sparkjobs.planner.validation.Errors.assertFails;

import dev.sparkjobs.planner.model.Pool;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolValidatorTest
{
    @Test
    void pools()
    {
        PoolValidator.validate(new Pool("etl", Map.of("share.level", "USER", "min.engines", "1", "max.engines", "8", "engine.idle.timeout", "30m",
                "kubernetes.namespace", "spark", "executor.memory", "4g")));
        assertFails(ModelError.INVALID_NAME, "CREATE POOL", () -> PoolValidator.validate(new Pool("", Map.of())));
        assertFails(ModelError.INVALID_OPTION_VALUE, "WITH 'min.engines'", () -> PoolValidator.validate(new Pool("p", Map.of("min.engines", "9", "max.engines", "8"))), "above max.engines");
        assertFails(ModelError.UNKNOWN_OPTION, "WITH 'max.engine'", () -> PoolValidator.validate(new Pool("p", Map.of("max.engine", "8"))), "did you mean 'max.engines'?");
    }
}
