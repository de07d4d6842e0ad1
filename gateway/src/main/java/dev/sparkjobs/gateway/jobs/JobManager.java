package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.flight.SqlServiceException;
import dev.sparkjobs.gateway.metastore.Alert;
import dev.sparkjobs.gateway.metastore.DefinitionStore;
import dev.sparkjobs.gateway.metastore.JobRepository;
import dev.sparkjobs.gateway.metastore.MetadataDatabase;
import dev.sparkjobs.gateway.metastore.NewRun;
import dev.sparkjobs.gateway.metastore.Run;
import dev.sparkjobs.gateway.metastore.RunOutcome;
import dev.sparkjobs.gateway.metastore.RunRepository;
import dev.sparkjobs.gateway.metastore.RunState;
import dev.sparkjobs.gateway.metastore.Stored;
import dev.sparkjobs.gateway.metastore.TriggerKind;
import dev.sparkjobs.planner.model.ConcurrencyPolicy;
import dev.sparkjobs.planner.model.Dependencies;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Notification;
import dev.sparkjobs.gateway.engines.RunLease;
import dev.sparkjobs.pool.Engine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs: every run goes PENDING → QUEUED → ACQUIRING_ENGINE → RUNNING → a terminal state in
 * the metadata database, one attempt at a time, with the job's concurrency policy, retries with
 * backoff, timeout, SLAs, notifications, SUSPEND AFTER n FAILURES, and its downstream jobs
 * ({@code AFTER ... WHEN ...}) decided per logical date once every parent has finished. Runs that
 * were in flight when a gateway died are marked FAILED (error class INTERRUPTED) at the next start
 * and retried by their policy.
 */
public final class JobManager
        implements AutoCloseable
{
    public static final String INTERRUPTED = "INTERRUPTED";
    /** The parameter of a test run ({@code RUN JOB ... SAMPLE n ROWS}) that holds n. */
    public static final String SAMPLE_ROWS = "sample_rows";
    private static final Logger log = LoggerFactory.getLogger(JobManager.class);

    private final JobRepository jobs;
    private final RunRepository runs;
    private final RunEngines engines;
    private final Clock clock;
    private final AttemptRunner runner;
    private final Alerts alerts;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    /** Preview rows of test runs, until their RUN JOB ... SAMPLE statement takes them (at most 100 kept). */
    private final Map<String, List<SampleMode.Preview>> previews = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false)
    {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<SampleMode.Preview>> eldest)
        {
            return size() > 100;
        }
    });
    private final java.util.Set<String> waitingToRetry = ConcurrentHashMap.newKeySet();
    private final Map<String, List<ScheduledFuture<?>>> runTimers = new ConcurrentHashMap<>();
    private final Map<String, List<CompletableFuture<Run>>> waiters = new HashMap<>();
    private final Object lock = new Object();
    private final JobScheduler scheduler;
    private volatile boolean closed;

    /** Where a run's attempt gets its engine: the job's pool, with its cluster profile, shared as its owner's. */
    @FunctionalInterface
    public interface RunEngines
    {
        RunLease lease(Job job, String owner, String runId)
                throws SqlServiceException;

        /** The Hadoop configuration to list a job's arriving files with; without an engine in this JVM, Hadoop's defaults. */
        default org.apache.hadoop.conf.Configuration hadoopConfiguration(Job job)
        {
            return new org.apache.hadoop.conf.Configuration();
        }
    }

    public JobManager(MetadataDatabase database, RunEngines engines, Path dataDirectory, BufferAllocator allocator, Clock clock,
            Duration fileArrivalPollInterval)
    {
        requireNonNull(database, "database is null");
        this.jobs = database.jobs();
        this.runs = database.runs();
        this.engines = requireNonNull(engines, "engines is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.runner = new AttemptRunner(dataDirectory.resolve("runs"), allocator, clock);
        this.workers = Executors.newCachedThreadPool(daemon("job-run"));
        this.timers = Executors.newScheduledThreadPool(2, daemon("job-timer"));
        this.alerts = new Alerts(database.alerts(), timers, clock);
        this.scheduler = new JobScheduler(database, this, clock, fileArrivalPollInterval);
    }

    /** Marks and retries what a previous gateway left in flight, catches up missed fires, starts the scheduler. */
    public void start()
    {
        recover();
        alerts.resumeDeliveries();
        scheduler.start();
    }

    /**
     * Raises an alert for another kind of object (a stream) on the jobs' path: a row of
     * {@code system.alerts} with its JSON event, posted to {@code notifyUrl} when there is one.
     */
    public Alert raiseAlert(Alert.Kind kind, String objectKind, String objectName, Optional<String> runId, String message, Map<String, Object> details,
            Optional<String> notifyUrl)
    {
        return alerts.raise(kind, objectKind, objectName, runId, message, details, notifyUrl);
    }

    public JobScheduler scheduler()
    {
        return scheduler;
    }

    /** A new run, queued at once (or decided by its upstream jobs, for runs they trigger). */
    public Run submit(NewRun request)
    {
        Run run = runs.create(request);
        return queue(run);
    }

    /** A new run unless one exists for {@code key}: the scheduler's runs happen once per logical date. */
    public Optional<Run> submitOnce(NewRun request, String key)
    {
        return runs.createOnce(request, key).map(this::queue);
    }

    private Run queue(Run run)
    {
        Job job = job(run.jobName());
        armFinishWithin(run, job);
        Run queued = runs.transition(run.runId(), RunState.QUEUED, clock.instant(), RunOutcome.NONE);
        workers.execute(() -> dispatch(queued.runId()));
        return queued;
    }

    /** Waits until the run ends or the timeout passes; returns the run as it is then. */
    public Run await(String runId, Optional<Duration> timeout)
            throws SqlServiceException
    {
        CompletableFuture<Run> done = new CompletableFuture<>();
        synchronized (lock) {
            Run current = run(runId);
            if (current.state().isTerminal()) {
                return current;
            }
            waiters.computeIfAbsent(runId, id -> new ArrayList<>()).add(done);
        }
        try {
            return timeout.isPresent() ? done.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS) : done.get();
        }
        catch (TimeoutException e) {
            return run(runId);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlServiceException(SqlServiceException.QUERY_CANCELED, "waiting for run " + runId + " was interrupted");
        }
        catch (java.util.concurrent.ExecutionException e) {
            throw new SqlServiceException(SqlServiceException.INTERNAL_ERROR, 0, "waiting for run " + runId + " failed: " + e.getCause(), e.getCause());
        }
    }

    public Run run(String runId)
            throws SqlServiceException
    {
        return runs.find(runId).orElseThrow(() -> new SqlServiceException("42704", "run " + runId + " does not exist"));
    }

    /** Stops a run: its Spark work if it is running, or its turn if it is waiting. */
    public Run cancelRun(String runId)
            throws SqlServiceException
    {
        Run run = run(runId);
        if (run.state().isTerminal()) {
            return run;
        }
        ActiveRun attempt = active.get(runId);
        if (attempt != null) {
            attempt.stop(RunState.CANCELLED);
            return run;
        }
        synchronized (lock) {
            Run current = run(runId);
            if (current.state() == RunState.PENDING || current.state() == RunState.QUEUED) {
                Run cancelled = runs.transition(runId, RunState.CANCELLED, clock.instant(), RunOutcome.error("CANCELLED", "cancelled before it started"));
                finished(cancelled);
                return cancelled;
            }
            return current;
        }
    }

    /** Cancels the job's unfinished runs; {@code gracefully} leaves running ones to finish. */
    public List<Run> cancelJob(String jobName, boolean gracefully)
            throws SqlServiceException
    {
        job(jobName);
        List<Run> cancelled = new ArrayList<>();
        for (Run run : runs.forJob(jobName, 1000)) {
            if (run.state().isTerminal() || (gracefully && active.containsKey(run.runId()))) {
                continue;
            }
            cancelled.add(cancelRun(run.runId()));
        }
        return cancelled;
    }

    /** Runs a job for every logical date from {@code from} (inclusive) to {@code to} (exclusive), one after another. */
    public List<Run> backfill(String jobName, Instant from, Instant to, Duration every, Map<String, String> parameters, String user)
            throws SqlServiceException
    {
        if (every.isZero() || every.isNegative() || !from.isBefore(to)) {
            throw new SqlServiceException(SqlServiceException.INVALID_PARAMETER, "RUN JOB ... FROM ... TO ... EVERY needs FROM before TO and a positive interval");
        }
        long count = Duration.between(from, to).toMillis() / every.toMillis() + 1;
        if (count > 10_000) {
            throw new SqlServiceException(SqlServiceException.INVALID_PARAMETER, "a backfill of " + count + " runs is too many: at most 10000");
        }
        job(jobName);
        List<Run> created = new ArrayList<>();
        for (Instant date = from; date.isBefore(to); date = date.plus(every)) {
            NewRun request = new NewRun(jobName, TriggerKind.BACKFILL, Optional.of(date), Optional.empty(), parameters, Optional.of(user));
            created.add(submit(request));
        }
        return created;
    }

    /** Reruns the job's last run that did not succeed, with its logical date and parameters. */
    public Run retryLast(String jobName, String user)
            throws SqlServiceException
    {
        job(jobName);
        Run last = runs.forJob(jobName, 100).stream()
                .filter(run -> run.state().isTerminal() && run.state() != RunState.SUCCEEDED && run.state() != RunState.SKIPPED)
                .findFirst()
                .orElseThrow(() -> new SqlServiceException("55000", "job " + jobName + " has no failed run to retry"));
        return submit(new NewRun(jobName, TriggerKind.RETRY_LAST, last.logicalDate(), last.scheduledAt(), runs.parameters(last.runId()), Optional.of(user)));
    }

    /** Preview of a test run: per output (a scratch table, or a query step) its rows as JSON objects. Taken once. */
    public record Preview(String source, List<String> rows) {}

    /** Runs the job in test mode ({@code RUN JOB ... SAMPLE n ROWS}) and waits for it: sampled inputs, scratch outputs. */
    public Run sample(String jobName, long rows, Map<String, String> parameters, String user, Optional<Duration> timeout)
            throws SqlServiceException
    {
        if (rows <= 0) {
            throw new SqlServiceException(SqlServiceException.INVALID_PARAMETER, "RUN JOB ... SAMPLE n ROWS needs n > 0, not " + rows);
        }
        job(jobName);
        Map<String, String> withRows = new LinkedHashMap<>(parameters);
        withRows.put(SAMPLE_ROWS, Long.toString(rows));
        Run started = submit(new NewRun(jobName, TriggerKind.SAMPLE, Optional.empty(), Optional.empty(), withRows, Optional.of(user)));
        return await(started.runId(), timeout);
    }

    /** The previews a finished test run left, once. */
    public List<Preview> takePreview(String runId)
    {
        List<SampleMode.Preview> found = previews.remove(runId);
        return found == null ? List.of() : found.stream().map(p -> new Preview(p.source(), p.rows())).toList();
    }

    private void dispatch(String runId)
    {
        if (closed) {
            return;
        }
        Run run;
        Job job;
        ActiveRun attempt;
        synchronized (lock) {
            run = runs.find(runId).orElse(null);
            if (run == null || run.state() != RunState.QUEUED) {
                return;
            }
            Optional<Stored<Job>> stored = jobs.find(run.jobName());
            if (stored.isEmpty()) {
                finished(runs.transition(runId, RunState.CANCELLED, clock.instant(), RunOutcome.error("JOB_DROPPED", "job " + run.jobName() + " was dropped")));
                return;
            }
            job = stored.get().definition();
            List<ActiveRun> others = active.values().stream().filter(other -> other.jobName().equalsIgnoreCase(job.name())).toList();
            if (!others.isEmpty()) {
                ConcurrencyPolicy policy = job.concurrency();
                if (policy == ConcurrencyPolicy.FORBID) {
                    finished(runs.transition(runId, RunState.SKIPPED, clock.instant(),
                            RunOutcome.error("CONCURRENCY_FORBID", "run " + others.get(0).runId() + " of job " + job.name() + " was still running")));
                    return;
                }
                if (policy == ConcurrencyPolicy.QUEUE) {
                    return; // dispatched again when the running one ends
                }
                if (policy == ConcurrencyPolicy.REPLACE) {
                    others.forEach(other -> other.stop(RunState.CANCELLED));
                }
            }
            attempt = new ActiveRun(runId, job.name(), run.attempt());
            active.put(runId, attempt);
            run = runs.transition(runId, RunState.ACQUIRING_ENGINE, clock.instant(), RunOutcome.NONE);
        }
        execute(run, job, attempt);
    }

    private void execute(Run run, Job job, ActiveRun attempt)
    {
        String runId = run.runId();
        RunOutcome outcome;
        RunState end;
        // A run shares engines as its job's owner: under USER share level it sees what the owner's sessions created on that engine.
        String owner = jobs.find(job.name()).flatMap(Stored::owner).orElse("job:" + job.name());
        try (RunLease lease = engines.lease(job, owner, runId)) {
            Engine engine = lease.engine();
            runs.recordEngine(runId, engine.sparkApplicationId(), engine.sparkUiUrl().map(ui -> RunTelemetry.uiLink(ui, java.util.OptionalInt.empty())), clock.instant());
            runs.recordLogLocation(runId, runner.logFile(job.name(), runId, run.attempt()).toString());
            run = runs.transition(runId, RunState.RUNNING, clock.instant(), RunOutcome.NONE);
            armAttemptTimers(run, job, attempt);
            Map<String, String> parameters = new LinkedHashMap<>(runs.parameters(runId));
            parameters.put("run_id", runId);
            parameters.put("job", job.name());
            parameters.put("logical_date", run.logicalDate().orElse(run.createdAt()).toString());
            OptionalLong sampleRows = run.trigger() == TriggerKind.SAMPLE
                    ? OptionalLong.of(Long.parseLong(parameters.getOrDefault(SAMPLE_ROWS, "100")))
                    : OptionalLong.empty();
            AttemptRunner.Outcome result = runner.run(lease, job, attempt, run.attempt(), parameters, sampleRows, new AttemptRunner.Reports()
            {
                @Override
                public void measured(RunTelemetry.Measured measured)
                {
                    runs.recordMetrics(runId, measured.metrics(), measured.sparkUiUrl());
                }

                @Override
                public void expectations(String results)
                {
                    runs.recordExpectations(runId, results);
                }

                @Override
                public void previews(List<SampleMode.Preview> found)
                {
                    previews.put(runId, List.copyOf(found));
                }
            });
            end = RunState.SUCCEEDED;
            outcome = new RunOutcome(Optional.empty(), Optional.empty(), OptionalLong.of(result.rowsWritten()), OptionalLong.empty());
        }
        catch (SqlServiceException e) {
            end = attempt.stopReason().orElse(RunState.FAILED);
            String errorClass = end == RunState.CANCELLED ? "CANCELLED" : end == RunState.TIMED_OUT ? "TIMED_OUT"
                    : e instanceof JobRunException known ? known.errorClass() : "SQLSTATE_" + e.sqlState();
            String message = end == RunState.TIMED_OUT ? "the run exceeded its TIMEOUT of " + job.timeout().map(Duration::toString).orElse("?") : e.getMessage();
            outcome = RunOutcome.error(errorClass, message);
        }
        catch (RuntimeException e) {
            end = attempt.stopReason().orElse(RunState.FAILED);
            outcome = RunOutcome.error(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            log.warn("Run {} of job {} failed", runId, job.name(), e);
        }
        cancelTimers(runId);
        if (closed) {
            // The gateway is stopping: the run stays in flight in the database, and the next start marks it INTERRUPTED and retries it.
            active.remove(runId);
            return;
        }
        synchronized (lock) {
            active.remove(runId);
            Run current = runs.find(runId).orElseThrow();
            if (RunState.retryableAttemptOutcomes().contains(end) && current.attempt() <= job.retry().count() && !closed && current.trigger() != TriggerKind.SAMPLE) {
                Run retried = runs.retry(runId, end, clock.instant(), outcome);
                Duration delay = job.retry().delayBefore(current.attempt());
                log.info("Run {} of job {} attempt {} ended {}; retry {} of {} in {}", runId, job.name(), current.attempt(), end, current.attempt(),
                        job.retry().count(), delay);
                waitingToRetry.add(runId);
                timers.schedule(() -> {
                    waitingToRetry.remove(runId);
                    workers.execute(() -> dispatch(runId));
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
                dispatchQueued(job.name());
                return;
            }
            Run ended = runs.transition(runId, end, clock.instant(), outcome);
            finished(ended);
        }
    }

    /** Everything that follows the end of a run. Called under the lock. */
    private void finished(Run run)
    {
        List<CompletableFuture<Run>> waiting = waiters.remove(run.runId());
        if (waiting != null) {
            waiting.forEach(future -> future.complete(run));
        }
        Optional<Job> job = jobs.find(run.jobName()).map(Stored::definition);
        if (job.isEmpty()) {
            return;
        }
        if (run.trigger() == TriggerKind.SAMPLE) {
            // A test run raises no alerts and counts toward no suspension; it has no logical date, so no downstream job either.
            dispatchQueued(job.get().name());
            return;
        }
        notifyEnd(run, job.get());
        if (run.state() == RunState.FAILED || run.state() == RunState.TIMED_OUT) {
            suspendIfFailing(job.get());
        }
        dispatchQueued(job.get().name());
        downstream(run);
    }

    private void dispatchQueued(String jobName)
    {
        runs.forJob(jobName, 1000).stream()
                .filter(other -> other.state() == RunState.QUEUED && !active.containsKey(other.runId()) && !waitingToRetry.contains(other.runId()))
                .min(Comparator.comparing(Run::createdAt))
                .ifPresent(next -> workers.execute(() -> dispatch(next.runId())));
    }

    private void notifyEnd(Run run, Job job)
    {
        Notification.Event event = run.state() == RunState.SUCCEEDED ? Notification.Event.SUCCESS
                : run.state() == RunState.FAILED || run.state() == RunState.TIMED_OUT || run.state() == RunState.UPSTREAM_FAILED ? Notification.Event.FAILURE
                : null;
        if (event == null) {
            return;
        }
        if (event == Notification.Event.SUCCESS && job.notifications().stream().noneMatch(n -> n.on() == event)) {
            return;
        }
        Alert.Kind kind = event == Notification.Event.SUCCESS ? Alert.Kind.SUCCESS : Alert.Kind.FAILURE;
        raise(kind, job, run, "run " + run.runId() + " of job " + job.name() + " ended " + run.state() + run.errorMessage().map(m -> ": " + m).orElse(""), event);
    }

    private static Map<String, Object> details(Run run)
    {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", run.state().name());
        details.put("attempt", run.attempt());
        run.logicalDate().ifPresent(date -> details.put("logical_date", date.toString()));
        run.scheduledAt().ifPresent(at -> details.put("scheduled_at", at.toString()));
        run.startedAt().ifPresent(at -> details.put("started_at", at.toString()));
        run.finishedAt().ifPresent(at -> details.put("finished_at", at.toString()));
        run.errorClass().ifPresent(error -> details.put("error_class", error));
        run.errorMessage().ifPresent(error -> details.put("error_message", error));
        return details;
    }

    private void suspendIfFailing(Job job)
    {
        if (job.suspendAfterFailures().isEmpty()) {
            return;
        }
        int limit = job.suspendAfterFailures().getAsInt();
        List<Run> recent = runs.forJob(job.name(), limit).stream().filter(run -> run.state().isTerminal()).toList();
        if (recent.size() == limit && recent.stream().allMatch(run -> run.state() == RunState.FAILED || run.state() == RunState.TIMED_OUT)) {
            jobs.suspend(job.name());
            scheduler.sync(job.name());
            alerts.raise(Alert.Kind.SUSPENDED, "job", job.name(), Optional.empty(), "job " + job.name() + " suspended after " + limit + " failed runs in a row",
                    Map.of(), Optional.empty());
        }
    }

    /** Decides the downstream jobs of a finished run for its logical date, once all their parents have finished. */
    private void downstream(Run parent)
    {
        if (parent.logicalDate().isEmpty()) {
            return;
        }
        Instant date = parent.logicalDate().get();
        for (Stored<Job> stored : jobs.list()) {
            Job child = stored.definition();
            if (child.dependencies().upstream().stream().noneMatch(name -> name.equalsIgnoreCase(parent.jobName()))) {
                continue;
            }
            List<RunState> parentStates = new ArrayList<>();
            for (String upstream : child.dependencies().upstream()) {
                Optional<Run> latest = runs.forLogicalDate(upstream, date).stream().findFirst();
                if (latest.isEmpty() || !latest.get().state().isTerminal()) {
                    parentStates = null;
                    break;
                }
                parentStates.add(latest.get().state());
            }
            if (parentStates == null) {
                continue; // another parent has not finished this logical date yet
            }
            boolean run = satisfied(child.dependencies().condition(), parentStates);
            NewRun request = new NewRun(child.name(), TriggerKind.UPSTREAM, Optional.of(date), parent.scheduledAt(), Map.of(), Optional.empty());
            Optional<Run> created = runs.createOnce(request, "date:" + date);
            if (created.isEmpty()) {
                continue;
            }
            if (stored.status().equals(JobRepository.Status.SUSPENDED.name())) {
                finished(runs.transition(created.get().runId(), RunState.SKIPPED, clock.instant(), RunOutcome.error("SUSPENDED", "job " + child.name() + " is suspended")));
            }
            else if (run) {
                Run queued = created.get();
                workers.execute(() -> queue(queued));
            }
            else {
                String states = String.join(", ", parentStates.stream().map(Enum::name).toList());
                RunState end = child.dependencies().condition() == Dependencies.Condition.ANY_FAILED ? RunState.SKIPPED : RunState.UPSTREAM_FAILED;
                finished(runs.transition(created.get().runId(), end, clock.instant(), RunOutcome.error(end.name(),
                        "upstream " + child.dependencies().upstream() + " ended " + states + "; the job runs WHEN " + child.dependencies().condition())));
            }
        }
    }

    static boolean satisfied(Dependencies.Condition condition, List<RunState> parents)
    {
        return switch (condition) {
            case ALL_SUCCEEDED -> parents.stream().allMatch(state -> state == RunState.SUCCEEDED);
            case ALL_DONE -> true;
            case ANY_SUCCEEDED -> parents.stream().anyMatch(state -> state == RunState.SUCCEEDED);
            case ANY_FAILED -> parents.stream().anyMatch(state -> state != RunState.SUCCEEDED);
        };
    }

    private void armFinishWithin(Run run, Job job)
    {
        if (job.sla().finishWithin().isEmpty()) {
            return;
        }
        Instant deadline = run.scheduledAt().orElse(run.createdAt()).plus(job.sla().finishWithin().get());
        schedule(run.runId(), deadline, () -> slaCheck(run.runId(), job, "SLA FINISH WITHIN " + job.sla().finishWithin().get() + " missed",
                state -> state != RunState.SUCCEEDED), false);
    }

    private void armAttemptTimers(Run run, Job job, ActiveRun attempt)
    {
        Instant started = run.startedAt().orElse(clock.instant());
        job.timeout().ifPresent(timeout -> schedule(run.runId(), started.plus(timeout), () -> attempt.stop(RunState.TIMED_OUT), true));
        job.sla().maxRuntime().ifPresent(max -> schedule(run.runId(), started.plus(max),
                () -> slaCheck(run.runId(), job, "SLA MAX RUNTIME " + max + " missed: attempt " + run.attempt() + " still running",
                        state -> state == RunState.RUNNING), true));
    }

    /** Raises an SLA miss when, at the deadline, the run's state still misses it. */
    private void slaCheck(String runId, Job job, String message, java.util.function.Predicate<RunState> missed)
    {
        Optional<Run> run = runs.find(runId);
        if (run.isEmpty() || !missed.test(run.get().state())) {
            return;
        }
        raise(Alert.Kind.SLA_MISS, job, run.get(), message, Notification.Event.SLA_MISS);
    }

    /** One alert per webhook the job names for {@code event}, or one without a webhook when it names none. */
    private void raise(Alert.Kind kind, Job job, Run run, String message, Notification.Event event)
    {
        List<String> urls = job.notifications().stream().filter(n -> n.on() == event).map(Notification::url).toList();
        Map<String, Object> details = details(run);
        if (urls.isEmpty()) {
            alerts.raise(kind, "job", job.name(), Optional.of(run.runId()), message, details, Optional.empty());
        }
        for (String url : urls) {
            alerts.raise(kind, "job", job.name(), Optional.of(run.runId()), message, details, Optional.of(url));
        }
    }

    private void schedule(String runId, Instant at, Runnable action, boolean attemptScoped)
    {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        ScheduledFuture<?> future = timers.schedule(() -> {
            try {
                action.run();
            }
            catch (RuntimeException e) {
                log.warn("Timer of run {} failed", runId, e);
            }
        }, delay, TimeUnit.MILLISECONDS);
        if (attemptScoped) {
            runTimers.computeIfAbsent(runId, id -> new ArrayList<>()).add(future);
        }
    }

    private void cancelTimers(String runId)
    {
        List<ScheduledFuture<?>> futures = runTimers.remove(runId);
        if (futures != null) {
            futures.forEach(future -> future.cancel(false));
        }
    }

    /** What a gateway that died left behind: in-flight attempts failed as INTERRUPTED and retried by policy; queued runs dispatched. */
    private void recover()
    {
        int interrupted = 0;
        int requeued = 0;
        for (Run run : runs.unfinished()) {
            Optional<Job> job = jobs.find(run.jobName()).map(Stored::definition);
            switch (run.state()) {
                case ACQUIRING_ENGINE, RUNNING -> {
                    interrupted++;
                    RunOutcome outcome = RunOutcome.error(INTERRUPTED, "the gateway stopped while attempt " + run.attempt() + " was in flight");
                    synchronized (lock) {
                        if (job.isPresent() && run.attempt() <= job.get().retry().count() && run.trigger() != TriggerKind.SAMPLE) {
                            runs.retry(run.runId(), RunState.FAILED, clock.instant(), outcome);
                            workers.execute(() -> dispatch(run.runId()));
                        }
                        else {
                            Run failed = runs.transition(run.runId(), RunState.FAILED, clock.instant(), outcome);
                            alerts.raise(Alert.Kind.INTERRUPTED, "job", run.jobName(), Optional.of(run.runId()), outcome.errorMessage().orElseThrow(), details(failed),
                                    Optional.empty());
                            finished(failed);
                        }
                    }
                }
                case QUEUED -> {
                    requeued++;
                    job.ifPresent(definition -> armFinishWithin(run, definition));
                    workers.execute(() -> dispatch(run.runId()));
                }
                default -> { }
            }
        }
        if (interrupted + requeued > 0) {
            log.info("Recovered runs: {} interrupted in flight (failed, retried by policy), {} queued dispatched again", interrupted, requeued);
        }
    }

    private Job job(String name)
    {
        return jobs.find(name).map(Stored::definition)
                .orElseThrow(() -> new dev.sparkjobs.gateway.metastore.MetastoreException(dev.sparkjobs.gateway.metastore.MetastoreError.UNDEFINED_OBJECT,
                        "job " + name + " does not exist"));
    }

    /** The Hadoop configuration file arrival lists a job's path with (its file systems and credentials). */
    org.apache.hadoop.conf.Configuration hadoopConfiguration(Job job)
    {
        return engines.hadoopConfiguration(job);
    }

    boolean isSuspended(Stored<Job> job)
    {
        return job.status().equals(JobRepository.Status.SUSPENDED.name()) || job.status().equals(DefinitionStore.DROPPED);
    }

    @Override
    public void close()
    {
        closed = true;
        scheduler.close();
        timers.shutdownNow();
        workers.shutdownNow();
        runner.close();
    }

    static java.util.concurrent.ThreadFactory daemon(String name)
    {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
