package dev.sparkjobs.planner.validation;

import static java.util.Objects.requireNonNull;

/**
 * A definition that cannot be accepted. The message says what and where: the object
 * ({@code job nightly}) and the clause ({@code SCHEDULE CRON}, {@code WITH 'executor.memory'});
 * {@link #clause()} lets the parser add the clause's line and column later.
 */
public final class ModelException
        extends RuntimeException
{
    private final ModelError error;
    private final String object;
    private final String clause;

    public ModelException(ModelError error, String object, String clause, String detail)
    {
        super(object + ", " + clause + ": " + requireNonNull(detail, "detail is null"));
        this.error = requireNonNull(error, "error is null");
        this.object = requireNonNull(object, "object is null");
        this.clause = requireNonNull(clause, "clause is null");
    }

    public ModelError error()
    {
        return error;
    }

    public String sqlState()
    {
        return error.sqlState();
    }

    /** The object at fault, as {@code job nightly} or {@code stream clicks}. */
    public String object()
    {
        return object;
    }

    /** The clause at fault, as written in GRAMMAR.md: {@code RETRY DELAY}, {@code WINDOW HOPPING}. */
    public String clause()
    {
        return clause;
    }
}
