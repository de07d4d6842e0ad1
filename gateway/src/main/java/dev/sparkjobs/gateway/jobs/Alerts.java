package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.gateway.metastore.Alert;
import dev.sparkjobs.gateway.metastore.AlertRepository;
import dev.sparkjobs.gateway.metastore.ModelJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises alerts into {@code system.alerts} and posts each one that has a webhook as a JSON event,
 * retrying with backoff (1 s, 2 s, 4 s, ...) until it is delivered or {@link #MAX_ATTEMPTS} fail.
 * Alerts still PENDING when the gateway stopped are delivered after it starts again.
 */
final class Alerts
{
    static final int MAX_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final AlertRepository repository;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Alerts(AlertRepository repository, ScheduledExecutorService timers, Clock clock)
    {
        this.repository = requireNonNull(repository, "repository is null");
        this.timers = requireNonNull(timers, "timers is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Delivers what an earlier gateway left undelivered. */
    void resumeDeliveries()
    {
        for (Alert alert : repository.pendingDelivery(1000)) {
            deliver(alert, alert.notifyAttempts());
        }
    }

    Alert raise(Alert.Kind kind, String objectKind, String objectName, Optional<String> runId, String message, Map<String, Object> details,
            Optional<String> notifyUrl)
    {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("kind", kind.name());
        event.put(objectKind, objectName);
        runId.ifPresent(id -> event.put("run_id", id));
        event.put("message", message);
        event.putAll(details);
        Alert alert = repository.raise(kind, objectKind, objectName, runId, clock.instant(), message, Optional.of(ModelJson.write(event)), notifyUrl);
        log.info("Alert {} for {} {}: {}", kind, objectKind, objectName, message);
        if (notifyUrl.isPresent()) {
            timers.execute(() -> deliver(alert, 0));
        }
        return alert;
    }

    private void deliver(Alert alert, int attemptsSoFar)
    {
        String url = alert.notifyUrl().orElseThrow();
        String body = alert.detailsJson().orElse("{}");
        Optional<String> error;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "spark-jobs")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            error = response.statusCode() / 100 == 2 ? Optional.empty() : Optional.of("HTTP " + response.statusCode());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        catch (Exception e) {
            error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        int attempts = attemptsSoFar + 1;
        if (error.isEmpty()) {
            repository.recordDelivery(alert.alertId(), Alert.NotifyState.SENT, clock.instant(), Optional.empty());
            return;
        }
        if (attempts >= MAX_ATTEMPTS) {
            log.warn("Webhook {} for alert {} failed {} times, giving up: {}", url, alert.alertId(), attempts, error.get());
            repository.recordDelivery(alert.alertId(), Alert.NotifyState.FAILED, clock.instant(), error);
            return;
        }
        repository.recordDelivery(alert.alertId(), Alert.NotifyState.PENDING, clock.instant(), error);
        long delaySeconds = 1L << (attempts - 1);
        timers.schedule(() -> deliver(alert, attempts), delaySeconds, TimeUnit.SECONDS);
    }
}
