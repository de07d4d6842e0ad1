package dev.sparkjobs.pool.stream;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * One run of a stream: its Spark queries in pipeline order (the late-data ingest stage, when
 * there is one, then the query that writes the sink). With {@code TRIGGER AVAILABLE NOW} and
 * {@code LATE DATA INTO} the second query starts when the first has drained its input.
 */
public final class StreamHandle
{
    private final String name;
    private final UUID runId;
    private final Optional<StreamingQuery> ingest;
    private final CompletableFuture<StreamingQuery> query;

    StreamHandle(String name, UUID runId, Optional<StreamingQuery> ingest, CompletableFuture<StreamingQuery> query)
    {
        this.name = requireNonNull(name, "name is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.ingest = requireNonNull(ingest, "ingest is null");
        this.query = requireNonNull(query, "query is null");
    }

    public String name()
    {
        return name;
    }

    /** The run id of the first Spark query of this run (the one that reads the source). */
    public UUID runId()
    {
        return runId;
    }

    /** The Spark queries started so far, in pipeline order. */
    public List<StreamingQuery> queries()
    {
        List<StreamingQuery> queries = new ArrayList<>();
        ingest.ifPresent(queries::add);
        if (query.isDone() && !query.isCompletedExceptionally()) {
            queries.add(query.join());
        }
        return queries;
    }

    public boolean isActive()
    {
        return queries().stream().anyMatch(StreamingQuery::isActive) || (!query.isDone() && ingest.map(StreamingQuery::isActive).orElse(false));
    }

    /** Blocks until everything available at the source when called has reached the sink (for tests and AVAILABLE NOW). */
    public void processAllAvailable()
            throws StreamingQueryException
    {
        if (ingest.isPresent()) {
            StreamingQuery first = ingest.get();
            if (first.isActive()) {
                first.processAllAvailable();
            }
            else if (first.exception().isDefined()) {
                throw first.exception().get();
            }
        }
        StreamingQuery last = sinkQuery(TimeUnit.MINUTES.toMillis(5));
        if (last.isActive()) {
            last.processAllAvailable();
        }
        else if (last.exception().isDefined()) {
            throw last.exception().get();
        }
    }

    /** Waits for the run to end (AVAILABLE NOW), up to the timeout; true when it ended. */
    public boolean awaitTermination(long timeoutMillis)
            throws StreamingQueryException
    {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        if (ingest.isPresent() && !ingest.get().awaitTermination(Math.max(1, deadline - System.currentTimeMillis()))) {
            return false;
        }
        StreamingQuery last = sinkQuery(Math.max(1, deadline - System.currentTimeMillis()));
        return last.awaitTermination(Math.max(1, deadline - System.currentTimeMillis()));
    }

    void stop()
            throws TimeoutException
    {
        if (ingest.isPresent()) {
            ingest.get().stop();
        }
        query.cancel(false);
        if (query.isDone() && !query.isCompletedExceptionally() && !query.isCancelled()) {
            query.join().stop();
        }
    }

    private StreamingQuery sinkQuery(long timeoutMillis)
    {
        try {
            return query.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamRuntimeException("57014", "stream " + name + ": interrupted while waiting for its query to start", e);
        }
        catch (ExecutionException e) {
            throw new StreamRuntimeException("58000", "stream " + name + ": its query did not start: " + e.getCause().getMessage(), e.getCause());
        }
        catch (TimeoutException e) {
            throw new StreamRuntimeException("57014", "stream " + name + ": its query has not started yet", e);
        }
    }
}
