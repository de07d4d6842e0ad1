package dev.sparkjobs.gateway;

import dev.sparkjobs.sql.StatementKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's metrics, served by {@code GET /metrics} in Prometheus text format. */
public final class GatewayMetrics
{
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger activeSessions = new AtomicInteger();
    private final AtomicInteger activeOperations = new AtomicInteger();
    private final Counter rowsSent;
    private final Counter bytesSent;

    public GatewayMetrics()
    {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("sparkjobs.sessions.active", activeSessions, AtomicInteger::get)
                .description("Open client sessions").register(registry);
        Gauge.builder("sparkjobs.operations.active", activeOperations, AtomicInteger::get)
                .description("Statements running or streaming results").register(registry);
        rowsSent = Counter.builder("sparkjobs.result.rows").description("Result rows sent to clients").register(registry);
        bytesSent = Counter.builder("sparkjobs.result.bytes").baseUnit("bytes").description("Result bytes (Arrow buffers) sent to clients").register(registry);
    }

    /** Records one finished statement: outcome is {@code success}, {@code error} or {@code cancelled}. */
    public void statement(StatementKind kind, String outcome, Duration latency)
    {
        Counter.builder("sparkjobs.statements")
                .description("Statements by kind and outcome")
                .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                .tag("outcome", outcome)
                .register(registry)
                .increment();
        Timer.builder("sparkjobs.statement.latency")
                .description("Time from a statement's arrival to its last result batch")
                .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
                .publishPercentileHistogram()
                .register(registry)
                .record(latency);
    }

    public AtomicInteger activeSessions()
    {
        return activeSessions;
    }

    public AtomicInteger activeOperations()
    {
        return activeOperations;
    }

    public void sent(long rows, long bytes)
    {
        rowsSent.increment(rows);
        bytesSent.increment(bytes);
    }

    public String scrape()
    {
        return registry.scrape();
    }
}
