package dev.sparkjobs.pool.stream;

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
}
