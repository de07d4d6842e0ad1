package dev.sparkjobs.pool.remote;

import dev.sparkjobs.flight.Errors;
import dev.sparkjobs.flight.SqlServiceException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * Errors of a remote engine as the gateway's doors see them: the engine's SQLSTATE and vendor
 * code when it sent them; a lost connection is {@code 08006} (and names the engine's fate when
 * known), never a hang and never an untyped failure.
 */
final class RemoteErrors
{
    static final String CONNECTION_FAILURE = "08006";
    private static final Pattern STATE_PREFIX = Pattern.compile("^\\[SQLSTATE ([0-9A-Z]{5})] ");

    private RemoteErrors() {}

    static SqlServiceException translate(Throwable t, Supplier<Optional<String>> deathNotice)
    {
        if (t instanceof SqlServiceException e) {
            return e;
        }
        Optional<String> death = deathNotice.get();
        if (death.isPresent()) {
            return new SqlServiceException(CONNECTION_FAILURE, 0, death.get(), t);
        }
        if (!(t instanceof FlightRuntimeException flight)) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            return new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "engine call failed: " + message, t);
        }
        String description = flight.status().description() == null ? "" : flight.status().description();
        Matcher prefix = STATE_PREFIX.matcher(description);
        String message = prefix.find() ? description.substring(prefix.end()) : description;
        ErrorFlightMetadata metadata = flight.status().metadata();
        String sqlState = metadata != null && metadata.containsKey(Errors.SQLSTATE_KEY) ? metadata.get(Errors.SQLSTATE_KEY) : null;
        if (sqlState == null && prefix.find(0)) {
            sqlState = prefix.group(1);
        }
        int vendorCode = 0;
        if (metadata != null && metadata.containsKey(Errors.VENDOR_CODE_KEY)) {
            try {
                vendorCode = Integer.parseInt(metadata.get(Errors.VENDOR_CODE_KEY));
            }
            catch (NumberFormatException ignored) {
                // a malformed vendor code is dropped, the SQLSTATE stands
            }
        }
        if (sqlState == null) {
            sqlState = switch (flight.status().code()) {
                case UNAVAILABLE -> CONNECTION_FAILURE;
                case CANCELLED -> SqlServiceException.QUERY_CANCELED;
                case UNAUTHENTICATED, UNAUTHORIZED -> SqlServiceException.INVALID_AUTHORIZATION;
                case TIMED_OUT -> "HYT00";
                case UNIMPLEMENTED -> SqlServiceException.FEATURE_NOT_SUPPORTED;
                default -> SqlServiceException.INTERNAL_ERROR;
            };
            if (message.isEmpty()) {
                message = "the engine answered " + flight.status().code();
            }
            if (sqlState.equals(CONNECTION_FAILURE)) {
                message = "lost the connection to the engine: " + message;
            }
        }
        return new SqlServiceException(sqlState, vendorCode, message, t);
    }
}
