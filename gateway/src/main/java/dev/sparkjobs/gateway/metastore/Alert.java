package dev.sparkjobs.gateway.metastore;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An alert: an SLA miss, a failure, a suspension, ... of a job or stream, and the delivery of its
 * webhook ({@code notifyState} NONE without a URL, else PENDING, SENT or FAILED).
 */
public record Alert(
        String alertId,
        Kind kind,
        String objectKind,
        String objectName,
        Optional<String> runId,
        Instant raisedAt,
        String message,
        Optional<String> detailsJson,
        Optional<String> notifyUrl,
        NotifyState notifyState,
        int notifyAttempts,
        Optional<Instant> notifiedAt,
        Optional<String> notifyError)
{
    public enum Kind
    {
        SLA_MISS, FAILURE, SUCCESS, SUSPENDED, STREAM_LAG, INTERRUPTED
    }

    public enum NotifyState
    {
        NONE, PENDING, SENT, FAILED
    }

    public Alert
    {
        requireNonNull(alertId, "alertId is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(objectKind, "objectKind is null");
        requireNonNull(objectName, "objectName is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(raisedAt, "raisedAt is null");
        requireNonNull(message, "message is null");
        requireNonNull(detailsJson, "detailsJson is null");
        requireNonNull(notifyUrl, "notifyUrl is null");
        requireNonNull(notifyState, "notifyState is null");
        requireNonNull(notifiedAt, "notifiedAt is null");
        requireNonNull(notifyError, "notifyError is null");
    }
}
