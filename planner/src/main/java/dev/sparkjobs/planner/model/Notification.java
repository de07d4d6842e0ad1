package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

/** {@code ON SUCCESS | FAILURE | SLA MISS NOTIFY 'url'}: a webhook posted a JSON event. */
public record Notification(Event on, String url)
{
    public enum Event
    {
        SUCCESS, FAILURE, SLA_MISS
    }

    public Notification
    {
        requireNonNull(on, "on is null");
        requireNonNull(url, "url is null");
    }
}
