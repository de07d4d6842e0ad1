package dev.sparkjobs.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class HttpEndpointTest
{
    private static final HttpClient client = HttpClient.newHttpClient();

    @Test
    void healthAndMetrics()
            throws Exception
    {
        Gateway gateway = TestingGateway.shared();
        assertEquals(200, get(gateway, "/healthz").statusCode());
        assertEquals(404, get(gateway, "/nope").statusCode());
        try (Connection connection = TestingGateway.connect(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT id FROM range(0, 5000)").close();
        }
        String metrics = get(gateway, "/metrics").body();
        assertTrue(metrics.contains("sparkjobs_statements_total{kind=\"query\",outcome=\"success\"}"), metrics);
        assertTrue(metrics.contains("sparkjobs_statement_latency_seconds_bucket"), "latency histogram");
        assertTrue(metrics.contains("sparkjobs_sessions_active"), "active sessions gauge");
        assertTrue(metrics.contains("sparkjobs_result_rows_total"), "rows sent");
    }

    private static HttpResponse<String> get(Gateway gateway, String path)
            throws Exception
    {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
