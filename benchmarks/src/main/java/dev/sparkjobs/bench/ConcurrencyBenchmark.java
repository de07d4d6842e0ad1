package dev.sparkjobs.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * P8: many Flight SQL clients at once, each with its own connection and session, running a small
 * query back to back for a fixed time. Reports queries per second, latency percentiles, errors,
 * and the sessions still open on the gateway once every client has closed its own.
 */
final class ConcurrencyBenchmark
        implements Benchmark
{
    private final int clients;
    private final int seconds;

    ConcurrencyBenchmark(int clients, int seconds)
    {
        this.clients = clients;
        this.seconds = seconds;
    }

    @Override
    public boolean usesSharedGateway()
    {
        return true;
    }

    @Override
    public String id()
    {
        return "P8";
    }

    @Override
    public String what()
    {
        return clients + " concurrent clients, small queries, " + seconds + " s";
    }

    @Override
    public String comparedWith()
    {
        return "-";
    }

    @Override
    public String goal()
    {
        return "queries/s, p99, 0 errors, 0 leaked sessions";
    }

    /** What one client saw. */
    private record ClientResult(long[] latencies, long completed, long errors, String firstError)
    {
    }

    @Override
    public Figure run(BenchContext context)
            throws Exception
    {
        BenchSettings settings = context.settings();
        GatewayProcess gateway = context.gateway();
        try (BufferAllocator allocator = new RootAllocator()) {
            try (FlightSqlClient setup = client(allocator, gateway)) {
                SmallTable.ensure(setup);
                setup.closeSession(new CloseSessionRequest());
            }
            double sessionsBefore = gateway.metric("sparkjobs_sessions_active");
            long warmupNanos = settings.concurrencyWarmupSeconds() * 1_000_000_000L;
            long measuredNanos = seconds * 1_000_000_000L;
            long start = System.nanoTime();
            long measureFrom = start + warmupNanos;
            long end = measureFrom + measuredNanos;
            context.log("P8: %d clients, %d s warm-up then %d s measured, query: %s", clients, settings.concurrencyWarmupSeconds(), seconds, SmallTable.QUERY);

            List<ClientResult> results = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(clients, runnable -> {
                Thread thread = new Thread(runnable, "p8-client");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<ClientResult>> futures = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    futures.add(pool.submit(() -> runClient(allocator, gateway, measureFrom, end)));
                }
                for (Future<ClientResult> future : futures) {
                    results.add(future.get());
                }
            }
            finally {
                pool.shutdownNow();
            }
            double sessionsAfter = gateway.metric("sparkjobs_sessions_active");
            double operationsAfter = gateway.metric("sparkjobs_operations_active");
            return figure(results, sessionsBefore, sessionsAfter, operationsAfter, settings);
        }
    }

    private ClientResult runClient(BufferAllocator allocator, GatewayProcess gateway, long measureFrom, long end)
    {
        long[] latencies = new long[1024];
        int count = 0;
        long errors = 0;
        AtomicReference<String> firstError = new AtomicReference<>();
        try (FlightSqlClient client = client(allocator, gateway)) {
            while (true) {
                long started = System.nanoTime();
                if (started >= end) {
                    break;
                }
                try {
                    long rows = SmallTable.fetch(client);
                    if (rows != SmallTable.ROWS) {
                        throw new IllegalStateException("got " + rows + " rows, expected " + SmallTable.ROWS);
                    }
                    long finished = System.nanoTime();
                    if (finished >= measureFrom && finished <= end) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = finished - started;
                    }
                }
                catch (Exception e) {
                    errors++;
                    firstError.compareAndSet(null, e.toString());
                }
            }
            client.closeSession(new CloseSessionRequest());
        }
        catch (Exception e) {
            errors++;
            firstError.compareAndSet(null, e.toString());
        }
        return new ClientResult(Arrays.copyOf(latencies, count), count, errors, firstError.get());
    }

    private Figure figure(List<ClientResult> results, double sessionsBefore, double sessionsAfter, double operationsAfter, BenchSettings settings)
    {
        long completed = results.stream().mapToLong(ClientResult::completed).sum();
        long errors = results.stream().mapToLong(ClientResult::errors).sum();
        String firstError = results.stream().map(ClientResult::firstError).filter(error -> error != null).findFirst().orElse("");
        double[] millis = Stats.sorted(results.stream().flatMapToLong(result -> Arrays.stream(result.latencies())).mapToDouble(nanos -> nanos / 1e6).toArray());
        double perSecond = completed / (double) seconds;
        double p50 = millis.length == 0 ? Double.NaN : Stats.quantile(millis, 0.50);
        double p99 = millis.length == 0 ? Double.NaN : Stats.quantile(millis, 0.99);
        double max = millis.length == 0 ? Double.NaN : millis[millis.length - 1];
        long leaked = Math.round(sessionsAfter - sessionsBefore);

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("clients", clients);
        details.put("measuredSeconds", seconds);
        details.put("warmupSeconds", settings.concurrencyWarmupSeconds());
        details.put("query", SmallTable.QUERY);
        details.put("tableRows", SmallTable.ROWS);
        details.put("queriesCompleted", completed);
        details.put("queriesPerSecond", perSecond);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", p50);
        latency.put("p99", p99);
        latency.put("max", max);
        details.put("latencyMillis", latency);
        details.put("errors", errors);
        details.put("firstError", firstError);
        details.put("sessionsActiveBefore", sessionsBefore);
        details.put("sessionsActiveAfter", sessionsAfter);
        details.put("leakedSessions", leaked);
        details.put("operationsActiveAfter", operationsAfter);

        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "P8: each client has its own connection and session and runs `%s` (%d rows) back to back; "
                + "latency from execute() to the last batch, of the queries that finished in the %d s after a %d s warm-up; sessions counted by the gateway's /metrics.",
                SmallTable.QUERY, SmallTable.ROWS, seconds, settings.concurrencyWarmupSeconds()));
        if (errors > 0) {
            notes.add("P8: first error: " + firstError);
        }
        return new Figure(id(), what(),
                String.format(Locale.ROOT, "%.1f q/s, p50 %.0f ms, p99 %.0f ms, %d errors, %d leaked sessions", perSecond, p50, p99, errors, leaked),
                comparedWith(), OptionalDouble.empty(), goal(),
                errors == 0 && leaked == 0 && operationsAfter == 0 ? Verdict.MET : Verdict.MISSED,
                notes, details);
    }

    static FlightSqlClient client(BufferAllocator allocator, GatewayProcess gateway)
    {
        return new FlightSqlClient(FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", gateway.flightPort()))
                .intercept(new ClientCookieMiddleware.Factory())
                .build());
    }
}
