package dev.sparkjobs.planner.validation;

import dev.sparkjobs.planner.model.Expectation;
import dev.sparkjobs.planner.model.Identifiers;
import dev.sparkjobs.planner.model.Job;
import dev.sparkjobs.planner.model.Notification;
import dev.sparkjobs.planner.model.Schedule;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one job on its own: names, options, schedule, intervals and clause combinations. Rules
 * that span several jobs (unknown upstream jobs, cycles) are {@link DependencyGraph}'s.
 */
public final class JobValidator
{
    /** The scheduler fires at most once a second. */
    static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);

    private JobValidator() {}

    public static Job validate(Job job)
    {
        String object = "job " + job.name();
        Checks.name(object, "CREATE JOB", job.name());
        job.pool().ifPresent(pool -> Checks.name(object, "IN POOL", pool));
        OptionCatalog.JOB.check(object, job.options());
        schedule(object, job.schedule());
        dependencies(object, job);
        Checks.retry(object, job.retry());
        Checks.positive(object, "TIMEOUT", job.timeout());
        Checks.positive(object, "SLA FINISH WITHIN", job.sla().finishWithin());
        Checks.positive(object, "SLA MAX RUNTIME", job.sla().maxRuntime());
        if (job.suspendAfterFailures().isPresent() && job.suspendAfterFailures().getAsInt() < 1) {
            throw new ModelException(ModelError.INVALID_INTERVAL, object, "SUSPEND AFTER",
                    "the number of failures must be at least 1, not " + job.suspendAfterFailures().getAsInt());
        }
        expectations(object, job);
        for (Notification notification : job.notifications()) {
            webhook(object, "ON " + notification.on().name().replace('_', ' ') + " NOTIFY", notification.url());
        }
        if (job.body().isEmpty()) {
            throw new ModelException(ModelError.INVALID_DEFINITION, object, "AS", "a job needs at least one statement");
        }
        for (int i = 0; i < job.body().size(); i++) {
            Checks.notBlank(object, "AS", job.body().get(i), "statement " + (i + 1));
        }
        return job;
    }

    static void schedule(String object, Schedule schedule)
    {
        if (schedule instanceof Schedule.Cron cron) {
            cron(object, cron);
        }
        else if (schedule instanceof Schedule.Every every) {
            Checks.positive(object, "SCHEDULE EVERY", every.interval());
            if (every.interval().compareTo(SHORTEST_INTERVAL) < 0) {
                throw new ModelException(ModelError.INVALID_INTERVAL, object, "SCHEDULE EVERY", "the interval must be at least 1 second, not " + every.interval());
            }
        }
        else if (schedule instanceof Schedule.FileArrival arrival && arrival.path().isBlank()) {
            throw new ModelException(ModelError.INVALID_SCHEDULE, object, "SCHEDULE ON FILE ARRIVAL", "the path must not be empty");
        }
    }

    private static void cron(String object, Schedule.Cron cron)
    {
        Optional<ZoneId> zone;
        try {
            zone = cron.timeZone().map(CronSchedules::zone);
        }
        catch (IllegalArgumentException e) {
            throw new ModelException(ModelError.INVALID_SCHEDULE, object, "SCHEDULE CRON TIME ZONE", e.getMessage());
        }
        String clause = "SCHEDULE CRON '" + cron.expression() + "'";
        Optional<Instant> next;
        try {
            next = CronSchedules.nextFireTime(cron.expression(), zone, Instant.now());
        }
        catch (IllegalArgumentException e) {
            throw new ModelException(ModelError.INVALID_SCHEDULE, object, clause, "invalid cron expression: " + e.getMessage());
        }
        if (next.isEmpty()) {
            throw new ModelException(ModelError.INVALID_SCHEDULE, object, clause, "the expression never fires");
        }
    }

    private static void dependencies(String object, Job job)
    {
        Set<String> seen = new HashSet<>();
        for (String upstream : job.dependencies().upstream()) {
            Checks.name(object, "AFTER", upstream);
            if (Identifiers.key(upstream).equals(Identifiers.key(job.name()))) {
                throw new ModelException(ModelError.DEPENDENCY_CYCLE, object, "AFTER " + upstream, "a job cannot run after itself");
            }
            if (!seen.add(Identifiers.key(upstream))) {
                throw new ModelException(ModelError.INVALID_DEFINITION, object, "AFTER " + upstream, "job " + upstream + " is named twice");
            }
        }
    }

    private static void expectations(String object, Job job)
    {
        Set<String> names = new HashSet<>();
        for (Expectation expectation : job.expectations()) {
            String clause = "CONSTRAINT " + expectation.name();
            Checks.name(object, "CONSTRAINT", expectation.name());
            if (!names.add(Identifiers.key(expectation.name()))) {
                throw new ModelException(ModelError.INVALID_DEFINITION, object, clause, "constraint " + expectation.name() + " is defined twice");
            }
            Checks.notBlank(object, clause + " EXPECT", expectation.condition(), "the condition");
            boolean quarantine = expectation.onViolation() == Expectation.OnViolation.QUARANTINE;
            if (quarantine && expectation.quarantineTable().isEmpty()) {
                throw new ModelException(ModelError.INVALID_DEFINITION, object, clause + " ON VIOLATION", "QUARANTINE needs INTO table");
            }
            if (!quarantine && expectation.quarantineTable().isPresent()) {
                throw new ModelException(ModelError.INVALID_DEFINITION, object, clause + " ON VIOLATION", "only QUARANTINE takes a table");
            }
            expectation.quarantineTable().ifPresent(table -> Checks.name(object, clause + " QUARANTINE INTO", table));
        }
    }

    static void webhook(String object, String clause, String url)
    {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        }
        catch (URISyntaxException e) {
            // Reported below.
        }
        throw new ModelException(ModelError.INVALID_OPTION_VALUE, object, clause, "'" + url + "' is not an http or https URL");
    }
}
