package dev.sparkjobs.flight;

import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;

/**
 * Turns service errors into Flight statuses. The SQLSTATE and vendor code travel in trailing
 * metadata ({@code x-sqlstate}, {@code x-vendor-code}) for drivers that read them, and at the
 * front of the message for drivers that only show the message.
 */
public final class Errors
{
    public static final String SQLSTATE_KEY = "x-sqlstate";
    public static final String VENDOR_CODE_KEY = "x-vendor-code";

    private Errors() {}

    public static FlightRuntimeException toFlight(Throwable t)
    {
        if (t instanceof FlightRuntimeException flight) {
            return flight;
        }
        SqlServiceException e = t instanceof SqlServiceException s
                ? s
                : new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, describe(t), t);
        ErrorFlightMetadata metadata = new ErrorFlightMetadata();
        metadata.insert(SQLSTATE_KEY, e.sqlState());
        metadata.insert(VENDOR_CODE_KEY, Integer.toString(e.vendorCode()));
        return statusFor(e.sqlState())
                .withDescription(messageWithState(e))
                .withMetadata(metadata)
                .toRuntimeException();
    }

    /** The message a client shows: it names the SQLSTATE once. */
    public static String messageWithState(SqlServiceException e)
    {
        String message = e.getMessage();
        if (message.contains("SQLSTATE: " + e.sqlState()) || message.contains("SQLSTATE " + e.sqlState())) {
            return message;
        }
        return "[SQLSTATE " + e.sqlState() + "] " + message;
    }

    private static CallStatus statusFor(String sqlState)
    {
        String stateClass = sqlState.substring(0, 2);
        return switch (stateClass) {
            case "0A" -> CallStatus.UNIMPLEMENTED;
            case "28" -> CallStatus.UNAUTHENTICATED;
            case "42" -> sqlState.equals("42501") ? CallStatus.UNAUTHORIZED : CallStatus.INVALID_ARGUMENT;
            case "22", "23", "21", "07", "0L", "2B", "3F", "25" -> CallStatus.INVALID_ARGUMENT;
            case "57" -> sqlState.equals(SqlServiceException.QUERY_CANCELED) ? CallStatus.CANCELLED : CallStatus.UNAVAILABLE;
            case "08", "53" -> CallStatus.UNAVAILABLE;
            case "HY" -> CallStatus.TIMED_OUT;
            default -> CallStatus.INTERNAL;
        };
    }

    private static String describe(Throwable t)
    {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
