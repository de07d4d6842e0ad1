package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.gateway.engines.Engines;
import dev.sparkjobs.gateway.metastore.JobRepository;
import dev.sparkjobs.gateway.metastore.Stored;
import dev.sparkjobs.planner.model.Job;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a scheduled job's engine ahead of its next fire time ({@code engine.warm-ahead}), so the
 * run leases a warm engine instead of paying a cold start. It looks at the schedule every second;
 * for each active scheduled job whose pool starts engines cold, once the next fire time is within
 * the lead time, it leases an engine for the job as its owner (launching one when needed) and lets
 * go at once: the engine stays with that share key until the run takes it, or the pool's idle timeout
 * stops it. One warming per fire time.
 */
public final class EngineWarmer
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(EngineWarmer.class);
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final JobRepository jobs;
    private final JobScheduler scheduler;
    private final Engines engines;
    private final Duration lead;
    private final Clock clock;
    private final Map<String, Instant> warmedFor = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(daemon("engine-warmer"));
    private final ExecutorService warmers = Executors.newCachedThreadPool(daemon("engine-warming"));

    public EngineWarmer(JobRepository jobs, JobScheduler scheduler, Engines engines, Duration lead, Clock clock)
    {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.lead = requireNonNull(lead, "lead is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public EngineWarmer start()
    {
        if (!lead.isZero()) {
            checker.scheduleWithFixedDelay(this::checkQuietly, CHECK_INTERVAL.toMillis(), CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** One look at the schedule: also callable directly. */
    public void check()
    {
        Instant now = clock.instant();
        for (Stored<Job> stored : jobs.list()) {
            if (!stored.status().equals(JobRepository.Status.ACTIVE.name())) {
                continue;
            }
            Job job = stored.definition();
            scheduler.nextFireTime(job.name()).ifPresent(next -> {
                if (now.isBefore(next.minus(lead)) || next.equals(warmedFor.get(job.name())) || !engines.warmsAhead(job)) {
                    return;
                }
                warmedFor.put(job.name(), next);
                log.info("Job {} fires at {}: starting its engine now ({} ahead)", job.name(), next, lead);
                String owner = stored.owner().orElse("job:" + job.name());
                warmers.execute(() -> warm(job, owner, next));
            });
        }
    }

    private void warm(Job job, String owner, Instant fireTime)
    {
        try {
            engines.warm(job, owner);
        }
        catch (SqlServiceException | RuntimeException e) {
            log.warn("Warming an engine for job {} (fires at {}) failed: {}", job.name(), fireTime, e.getMessage());
        }
    }

    private void checkQuietly()
    {
        try {
            check();
        }
        catch (RuntimeException e) {
            log.warn("Looking for jobs to warm engines for failed", e);
        }
    }

    @Override
    public void close()
    {
        checker.shutdownNow();
        warmers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name)
    {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
