package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;

/** What a transition records besides the state: an error, and what the run wrote. */
public record RunOutcome(Optional<String> errorClass, Optional<String> errorMessage, OptionalLong rowsWritten, OptionalLong bytesWritten)
{
    public static final RunOutcome NONE = new RunOutcome(Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.empty());

    public RunOutcome
    {
        requireNonNull(errorClass, "errorClass is null");
        requireNonNull(errorMessage, "errorMessage is null");
        requireNonNull(rowsWritten, "rowsWritten is null");
        requireNonNull(bytesWritten, "bytesWritten is null");
    }

    public static RunOutcome error(String errorClass, String message)
    {
        return new RunOutcome(Optional.of(errorClass), Optional.of(message), OptionalLong.empty(), OptionalLong.empty());
    }

    public static RunOutcome written(long rows, long bytes)
    {
        return new RunOutcome(Optional.empty(), Optional.empty(), OptionalLong.of(rows), OptionalLong.of(bytes));
    }
}
