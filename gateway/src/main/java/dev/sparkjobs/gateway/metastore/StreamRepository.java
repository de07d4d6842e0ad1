package dev.sparkjobs.gateway.metastore;

import dev.sparkjobs.planner.model.Stream;
import java.time.Clock;
import javax.sql.DataSource;

/** Stream definitions and their versions ({@code streams}, {@code stream_versions}). */
public final class StreamRepository
        extends DefinitionStore<Stream>
{
    /** A stream's status: its continuous query's life (sources are CREATED and stay so). */
    public enum Status
    {
        CREATED, RUNNING, PAUSED, FAILED, STOPPED
    }

    StreamRepository(DataSource dataSource, Clock clock)
    {
        super(dataSource, clock, new DefinitionKind<>("stream", "streams", "stream_versions", "stream_id", Stream.class, Stream::name, Stream::withVersion,
                Summaries::stream, Status.CREATED.name()));
    }

    public Stored<Stream> setStatus(String name, Status status)
    {
        return setStatus(name, status.name());
    }
}
