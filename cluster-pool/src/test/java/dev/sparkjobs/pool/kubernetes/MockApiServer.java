package dev.sparkjobs.pool.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * A Kubernetes API server for tests: fabric8's mock in CRUD mode on loopback. The CRUD mock
 * stores what it is given; a real API server gives a new pod {@code status.phase: Pending}, and
 * Spark's executor watcher needs that phase, so this one does too.
 */
public final class MockApiServer
        implements AutoCloseable
{
    private final KubernetesMockServer server;
    private volatile boolean running;

    private MockApiServer(KubernetesMockServer server)
    {
        this.server = server;
    }

    public static MockApiServer start()
    {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new PendingPods(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        MockApiServer api = new MockApiServer(server);
        api.running = true;
        return api;
    }

    /** The API server's URL, {@code http://127.0.0.1:<port>}. */
    public String url()
    {
        String url = server.url("/");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public KubernetesClient newClient()
    {
        return server.createClient();
    }

    public boolean running()
    {
        return running;
    }

    /** Stops answering, as an unreachable cluster does. */
    @Override
    public void close()
    {
        if (running) {
            running = false;
            server.destroy();
        }
    }

    /** The CRUD dispatcher, but a pod created without a phase starts Pending. */
    private static final class PendingPods
            extends KubernetesCrudDispatcher
    {
        private final ObjectMapper mapper = new ObjectMapper();

        @Override
        public MockResponse handleCreate(RecordedRequest request)
        {
            // Reading the body drains it: the request goes on with a new one.
            byte[] bytes = request.getBody().readByteArray();
            try {
                JsonNode body = mapper.readTree(bytes);
                if (body instanceof ObjectNode pod && "Pod".equals(body.path("kind").asText())) {
                    JsonNode status = pod.path("status");
                    if (!(status instanceof ObjectNode)) {
                        status = pod.putObject("status");
                    }
                    if (status.path("phase").asText().isEmpty()) {
                        ((ObjectNode) status).put("phase", "Pending");
                    }
                    bytes = mapper.writeValueAsBytes(pod);
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            request = new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(), new Buffer(bytes));
            return super.handleCreate(request);
        }
    }
}
