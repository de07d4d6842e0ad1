package dev.sparkjobs.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands test classes one gateway process shared by every class of the JVM run (starting one costs
 * about ten seconds). It starts on first use and stops with SIGTERM when the run ends, through the
 * root context's store. Classes declare {@code @ExtendWith(SharedGateway.class)} and take a
 * {@link GatewayProcess} parameter, typically in {@code @BeforeAll}.
 */
public final class SharedGateway
        implements ParameterResolver
{
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedGateway.class);

    /** Stops the gateway when JUnit closes the root store, at the end of the run. */
    private record Holder(GatewayProcess gateway)
            implements ExtensionContext.Store.CloseableResource
    {
        @Override
        public void close()
                throws InterruptedException
        {
            gateway.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
    {
        return parameter.getParameter().getType() == GatewayProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException
    {
        Holder holder = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("gateway", key -> start(), Holder.class);
        if (!holder.gateway().isAlive()) {
            throw new ParameterResolutionException("the shared gateway has exited; see " + holder.gateway().stderr());
        }
        return holder.gateway();
    }

    private static Holder start()
    {
        try {
            var work = GatewayProcess.newWorkDirectory("shared");
            return new Holder(GatewayProcess.start(work.resolve("data"), work));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the shared gateway", e);
        }
    }
}
