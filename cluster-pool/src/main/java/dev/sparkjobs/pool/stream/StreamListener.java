package dev.sparkjobs.pool.stream;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** What the runtime reports: every micro-batch, and the end of every run (with its error, if it failed). */
public interface StreamListener
{
    StreamListener NONE = new StreamListener()
    {
        @Override
        public void onProgress(StreamProgress progress) {}

        @Override
        public void onTerminated(String stream, UUID runId, Optional<String> error) {}
    };

    void onProgress(StreamProgress progress);

    /** A run ended: stopped ({@code error} empty) or failed. Pause and stop end a run too. */
    void onTerminated(String stream, UUID runId, Optional<String> error);

    /**
     * A run failed and the stream's {@code RETRY} clause starts it again from its checkpoint after
     * {@code delay}: reported instead of {@link #onTerminated} for that run.
     */
    default void onRetrying(String stream, UUID runId, String error, int retry, Duration delay) {}
}
