package dev.sparkjobs.planner.validation;

import dev.sparkjobs.planner.model.Pool;
import java.util.Map;
import java.util.Optional;

/** Checks a pool: its name, its options, and that its engine counts agree. */
public final class PoolValidator
{
    private PoolValidator() {}

    public static Pool validate(Pool pool)
    {
        String object = "pool " + pool.name();
        Checks.name(object, "CREATE POOL", pool.name());
        OptionCatalog.POOL.check(object, pool.options());
        Optional<Long> min = number(pool.options(), "min.engines");
        Optional<Long> max = number(pool.options(), "max.engines");
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            throw new ModelException(ModelError.INVALID_OPTION_VALUE, object, "WITH 'min.engines'",
                    "min.engines " + min.get() + " is above max.engines " + max.get());
        }
        return pool;
    }

    private static Optional<Long> number(Map<String, String> options, String name)
    {
        return options.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .findFirst()
                .flatMap(entry -> OptionSpec.integer(entry.getValue().trim()));
    }
}
