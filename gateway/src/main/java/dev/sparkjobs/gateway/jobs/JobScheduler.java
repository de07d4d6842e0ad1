package dev.sparkjobs.gateway.jobs;

import static java.util.Objects.requireNonNull;

import dev.sparkjobs.gateway.metastore.JobRepository;
import dev.sparkjobs.gateway.metastore.MetadataDatabase;
import dev.sparkjobs.gateway.metastore.NewRun;
import dev.sparkjobs.gateway.metastore.Stored;
import dev.sparkjobs.gateway.metastore.TriggerKind;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Schedule;
import dev.sparkjobs.planner.validation.CronSchedules;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs' schedules in Quartz, with its JDBC job store in the metadata database: cron (with time
 * zone) and fixed-interval triggers, one per scheduled job. Misfires — fires missed while no
 * gateway ran — follow one policy: one catch-up run (trigger kind CATCH_UP) for the latest missed
 * fire time, then the schedule goes on. File-arrival jobs are polled through Hadoop's FileSystem
 * API (any scheme Spark reads): each new file under the path or glob triggers one run, with the file in the {@code file} parameter. Every run the scheduler
 * makes is keyed by its logical date (or file), so nothing runs twice for one date.
 */
public final class JobScheduler
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);
    private static final String GROUP = "jobs";
    private static final String SCHEDULE_KEY = "schedule";
    private static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(5);

    private final MetadataDatabase database;
    private final JobManager manager;
    private final Clock clock;
    private final Duration pollInterval;
    private final String dataSourceName = "sparkjobs-" + UUID.randomUUID();
    private final ScheduledExecutorService poller;
    private Scheduler quartz;

    JobScheduler(MetadataDatabase database, JobManager manager, Clock clock, Duration pollInterval)
    {
        this.database = requireNonNull(database, "database is null");
        this.manager = requireNonNull(manager, "manager is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        this.poller = Executors.newSingleThreadScheduledExecutor(JobManager.daemon("file-arrival"));
    }

    void start()
    {
        try {
            DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ConnectionProvider()
            {
                @Override
                public Connection getConnection()
                        throws SQLException
                {
                    return database.dataSource().getConnection();
                }

                @Override
                public void shutdown() {}

                @Override
                public void initialize() {}
            });
            Properties properties = new Properties();
            properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "sparkjobs");
            properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, "gateway");
                        properties.setProperty("org.quartz.threadPool.threadCount", "2");
            properties.setProperty("org.quartz.threadPool.threadNamePrefix", "quartz-" + dataSourceName.substring(10, 18));
            properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
            properties.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
            properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            properties.setProperty("org.quartz.jobStore.driverDelegateClass", database.description().toLowerCase(Locale.ROOT).contains("postgres")
                    ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                    : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
            properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
            properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
            properties.setProperty("org.quartz.jobStore.misfireThreshold", String.valueOf(MISFIRE_THRESHOLD.toMillis()));
            quartz = new StdSchedulerFactory(properties).getScheduler();
            // Several gateways may live in one JVM (tests); each keeps its own scheduler, not the repository's shared one.
            SchedulerRepository.getInstance().remove("sparkjobs");
            quartz.getContext().put(ScheduledFire.SCHEDULER, this);
            catchUp();
            for (Stored<Job> job : database.jobs().list()) {
                sync(job.name());
            }
            quartz.start();
        }
        catch (SchedulerException e) {
            throw new IllegalStateException("the scheduler did not start: " + e.getMessage(), e);
        }
        long period = Math.max(100, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::pollFiles, period, period, TimeUnit.MILLISECONDS);
    }

    /** One run for the latest fire time each schedule missed while no gateway ran. */
    private void catchUp()
            throws SchedulerException
    {
        Instant now = clock.instant();
        for (TriggerKey key : quartz.getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.triggerGroupEquals(GROUP))) {
            Trigger trigger = quartz.getTrigger(key);
            if (trigger == null || trigger.getNextFireTime() == null) {
                continue;
            }
            Instant next = trigger.getNextFireTime().toInstant();
            if (!next.isBefore(now.minus(MISFIRE_THRESHOLD))) {
                continue;
            }
            Instant latest = next;
            int missed = 1;
            for (Date after = trigger.getFireTimeAfter(Date.from(latest)); after != null && !after.toInstant().isAfter(now); after = trigger.getFireTimeAfter(after)) {
                latest = after.toInstant();
                missed++;
            }
            String jobName = key.getName();
            Optional<Stored<Job>> job = database.jobs().find(jobName);
            if (job.isEmpty() || manager.isSuspended(job.get())) {
                continue;
            }
            NewRun run = new NewRun(job.get().name(), TriggerKind.CATCH_UP, Optional.of(latest), Optional.of(latest), Map.of("missed_fires", String.valueOf(missed)),
                    Optional.empty());
            int missedFires = missed;
            manager.submitOnce(run, "date:" + latest)
                    .ifPresent(created -> log.info("Job {} missed {} fires while the gateway was down; one catch-up run {} for {}", jobName, missedFires,
                            created.runId(), created.logicalDate().orElseThrow()));
        }
    }

    /** Makes Quartz's trigger for a job match its current definition and status. */
    public void sync(String jobName)
    {
        if (quartz == null) {
            return;
        }
        try {
            Optional<Stored<Job>> stored = database.jobs().find(jobName);
            TriggerKey triggerKey = TriggerKey.triggerKey(key(jobName), GROUP);
            JobKey jobKey = JobKey.jobKey(key(jobName), GROUP);
            Optional<String> wanted = stored.filter(job -> !manager.isSuspended(job)).flatMap(job -> describe(job.definition().schedule()));
            Trigger existing = quartz.getTrigger(triggerKey);
            if (wanted.isEmpty()) {
                if (existing != null || quartz.checkExists(jobKey)) {
                    quartz.deleteJob(jobKey);
                }
                return;
            }
            if (existing != null && wanted.get().equals(existing.getJobDataMap().getString(SCHEDULE_KEY))) {
                return;
            }
            Job job = stored.get().definition();
            JobDetail detail = JobBuilder.newJob(ScheduledFire.class).withIdentity(jobKey).usingJobData(ScheduledFire.JOB_NAME, job.name()).storeDurably().build();
            Trigger trigger = trigger(job, triggerKey, wanted.get());
            quartz.scheduleJob(detail, java.util.Set.of(trigger), true);
            log.info("Job {} scheduled: {} (next fire {})", job.name(), wanted.get(), trigger.getNextFireTime() == null ? "none" : trigger.getNextFireTime().toInstant());
        }
        catch (SchedulerException e) {
            throw new IllegalStateException("scheduling job " + jobName + " failed: " + e.getMessage(), e);
        }
    }

    /** The next time the job's schedule fires, if it is scheduled. */
    public Optional<Instant> nextFireTime(String jobName)
    {
        try {
            Trigger trigger = quartz == null ? null : quartz.getTrigger(TriggerKey.triggerKey(key(jobName), GROUP));
            return trigger == null || trigger.getNextFireTime() == null ? Optional.empty() : Optional.of(trigger.getNextFireTime().toInstant());
        }
        catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    void fired(String jobName, Instant fireTime)
    {
        Optional<Stored<Job>> job = database.jobs().find(jobName);
        if (job.isEmpty() || manager.isSuspended(job.get())) {
            return;
        }
        Instant now = clock.instant();
        TriggerKind kind = Duration.between(fireTime, now).compareTo(MISFIRE_THRESHOLD.multipliedBy(6)) > 0 ? TriggerKind.CATCH_UP : TriggerKind.SCHEDULE;
        NewRun run = new NewRun(job.get().name(), kind, Optional.of(fireTime), Optional.of(fireTime), Map.of(), Optional.empty());
        manager.submitOnce(run, "date:" + fireTime);
    }

    private static Trigger trigger(Job job, TriggerKey key, String description)
    {
        TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger().withIdentity(key).usingJobData(SCHEDULE_KEY, description);
        if (job.schedule() instanceof Schedule.Cron cron) {
            TimeZone zone = TimeZone.getTimeZone(cron.timeZone().map(CronSchedules::zone).orElse(java.time.ZoneOffset.UTC));
            return builder.withSchedule(CronScheduleBuilder.cronSchedule(CronSchedules.toQuartz(cron.expression())).inTimeZone(zone)
                    .withMisfireHandlingInstructionDoNothing()).build();
        }
        Schedule.Every every = (Schedule.Every) job.schedule();
        long millis = every.interval().toMillis();
        return builder.startAt(new Date(System.currentTimeMillis() + millis))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(millis).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    private static Optional<String> describe(Schedule schedule)
    {
        if (schedule instanceof Schedule.Cron cron) {
            return Optional.of("cron " + cron.expression() + cron.timeZone().map(zone -> " " + zone).orElse(""));
        }
        if (schedule instanceof Schedule.Every every) {
            return Optional.of("every " + every.interval().toMillis() + "ms");
        }
        return Optional.empty();
    }

    private static String key(String jobName)
    {
        return jobName.toLowerCase(Locale.ROOT);
    }

    /** Each new file under a file-arrival job's path or glob starts one run. */
    private void pollFiles()
    {
        try {
            for (Stored<Job> stored : database.jobs().list()) {
                if (!(stored.definition().schedule() instanceof Schedule.FileArrival arrival) || manager.isSuspended(stored)
                        || stored.status().equals(JobRepository.Status.SUSPENDED.name())) {
                    continue;
                }
                List<String> files;
                try {
                    files = matching(arrival.path(), manager.hadoopConfiguration(stored.definition()));
                }
                catch (IOException e) {
                    log.debug("cannot list {} for job {}: {}", arrival.path(), stored.name(), e.toString());
                    continue;
                }
                for (String path : files) {
                    if (database.runs().recordFileArrival(stored.name(), path, clock.instant())) {
                        NewRun run = new NewRun(stored.name(), TriggerKind.FILE_ARRIVAL, Optional.of(clock.instant()), Optional.of(clock.instant()),
                                Map.of("file", path), Optional.empty());
                        manager.submitOnce(run, "file:" + path);
                    }
                }
            }
        }
        catch (RuntimeException e) {
            log.warn("Polling for arrived files failed: {}", e.getMessage());
        }
    }

    /**
     * Files directly under a directory, or matching a glob such as {@code /data/in/*.csv} or
     * {@code s3a://bucket/in/*.json}, through Hadoop's FileSystem API: any scheme Spark reads works.
     * Names starting with {@code .} or {@code _} are left out, as Spark leaves them out. A local file
     * is named by its absolute path, any other by its URI.
     */
    static List<String> matching(String location, org.apache.hadoop.conf.Configuration configuration)
            throws IOException
    {
        org.apache.hadoop.fs.Path pattern = new org.apache.hadoop.fs.Path(location);
        org.apache.hadoop.fs.FileSystem fileSystem = pattern.getFileSystem(configuration);
        boolean local = pattern.toUri().getScheme() == null || pattern.toUri().getScheme().equals("file");
        org.apache.hadoop.fs.FileStatus[] found;
        if (indexOfWildcard(location) < 0) {
            if (!fileSystem.exists(pattern) || !fileSystem.getFileStatus(pattern).isDirectory()) {
                return List.of();
            }
            found = fileSystem.listStatus(pattern);
        }
        else {
            found = fileSystem.globStatus(pattern);
        }
        List<String> files = new ArrayList<>();
        if (found == null) {
            return files;
        }
        for (org.apache.hadoop.fs.FileStatus status : found) {
            String name = status.getPath().getName();
            if (status.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                files.add(local ? status.getPath().toUri().getPath() : status.getPath().toString());
            }
        }
        files.sort(null);
        return files;
    }

    private static int indexOfWildcard(String path)
    {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close()
    {
        poller.shutdownNow();
        if (quartz != null) {
            try {
                quartz.shutdown(false);
            }
            catch (SchedulerException e) {
                log.warn("Stopping the scheduler failed: {}", e.getMessage());
            }
        }
    }
}
