package dev.sparkjobs.pool.remote;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlService;
import dev.sparkjobs.pool.Engine;
import java.util.Optional;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

/**
 * An engine in another process or pod, reached over Flight SQL. Its provider supplies the
 * {@link Runtime} (a child process, a pod) that says whether it lives and stops it.
 */
public final class RemoteEngine
        implements Engine
{
    /** What runs the engine: a process, a pod. */
    public interface Runtime
    {
        boolean alive();

        /** Stops the engine and waits a little for it to go. */
        void stop();
    }

    private final String id;
    private final String provider;
    private final String sparkVersion;
    private final String sparkApplicationId;
    private final Optional<String> sparkUiUrl;
    private final Location location;
    private final EngineClient client;
    private final RemoteSqlService service;
    private final Runtime runtime;

    private RemoteEngine(String id, String provider, String sparkVersion, String sparkApplicationId, Optional<String> sparkUiUrl, Location location, EngineClient client, Runtime runtime)
    {
        this.id = requireNonNull(id, "id is null");
        this.provider = requireNonNull(provider, "provider is null");
        this.sparkVersion = requireNonNull(sparkVersion, "sparkVersion is null");
        this.sparkApplicationId = requireNonNull(sparkApplicationId, "sparkApplicationId is null");
        this.sparkUiUrl = requireNonNull(sparkUiUrl, "sparkUiUrl is null");
        this.location = requireNonNull(location, "location is null");
        this.client = requireNonNull(client, "client is null");
        this.service = new RemoteSqlService(client, sparkVersion);
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /**
     * Connects to an engine that reported ready.
     *
     * @param allocator the allocator results arrive in; pass one under the gateway's root so that
     *        batches reach the doors without a copy
     */
    public static RemoteEngine connect(String id, String provider, String host, EngineStatus ready, String secret, BufferAllocator allocator, Runtime runtime)
    {
        int port = Integer.parseInt(ready.value("port").orElseThrow(() -> new IllegalArgumentException("the engine reported no port")));
        Location location = Location.forGrpcInsecure(host, port);
        EngineClient client = new EngineClient(location, secret, allocator);
        return new RemoteEngine(id, provider, ready.value("spark.version").orElse(""), ready.value("spark.app.id").orElse(""),
                ready.value("spark.ui.url"), location, client, runtime);
    }

    /** Called by the provider when the engine's process or pod has gone: calls on it fail at once. */
    public void died(String notice)
    {
        service.engineDied(notice);
    }

    @Override
    public String id()
    {
        return id;
    }

    @Override
    public String provider()
    {
        return provider;
    }

    @Override
    public SqlService sqlService()
    {
        return service;
    }

    public int openSessions()
    {
        return service.openSessions();
    }

    @Override
    public String sparkApplicationId()
    {
        return sparkApplicationId;
    }

    @Override
    public String sparkVersion()
    {
        return sparkVersion;
    }

    @Override
    public Optional<String> sparkUiUrl()
    {
        return sparkUiUrl;
    }

    @Override
    public Optional<String> flightEndpoint()
    {
        return Optional.of(location.getUri().toString());
    }

    @Override
    public boolean alive()
    {
        return runtime.alive() && service.deathNotice().isEmpty();
    }

    @Override
    public void close()
    {
        if (service.deathNotice().isEmpty()) {
            service.engineDied("engine " + id + " was stopped");
        }
        client.close();
        runtime.stop();
    }
}
