package dev.sparkjobs.planner.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A job: {@code CREATE JOB}'s clauses as plain data. {@code version} counts definitions of the same
 * name (1 for the first; the metadata store assigns the next on every replace or alter).
 * {@code options} is the {@code WITH} list (cluster profile and Spark conf) in the order written;
 * {@code body} holds the statements of {@code AS ...}, each as the user wrote it.
 */
public record Job(
        String name,
        long version,
        Optional<String> comment,
        Optional<String> pool,
        Map<String, String> options,
        Schedule schedule,
        Dependencies dependencies,
        Retry retry,
        Optional<Duration> timeout,
        Sla sla,
        ConcurrencyPolicy concurrency,
        OptionalInt suspendAfterFailures,
        List<Expectation> expectations,
        List<Notification> notifications,
        List<String> body)
{
    public Job
    {
        Identifiers.name(name, "name");
        Identifiers.optional(comment, "comment");
        Identifiers.optional(pool, "pool");
        options = Identifiers.orderedCopy(options, "options");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(dependencies, "dependencies is null");
        requireNonNull(retry, "retry is null");
        Identifiers.optional(timeout, "timeout");
        requireNonNull(sla, "sla is null");
        requireNonNull(concurrency, "concurrency is null");
        requireNonNull(suspendAfterFailures, "suspendAfterFailures is null");
        expectations = Identifiers.listCopy(expectations, "expectations");
        notifications = Identifiers.listCopy(notifications, "notifications");
        body = Identifiers.listCopy(body, "body");
    }

    /** A job with every clause at its default: manual schedule, no retries, CONCURRENCY ALLOW. */
    public static Builder builder(String name)
    {
        return new Builder(name);
    }

    public Builder toBuilder()
    {
        return new Builder(this);
    }

    public Job withVersion(long newVersion)
    {
        return toBuilder().version(newVersion).build();
    }

    public Job withName(String newName)
    {
        return toBuilder().name(newName).build();
    }

    /** Builds jobs clause by clause, as the parser reads them. */
    public static final class Builder
    {
        private String name;
        private long version = 1;
        private Optional<String> comment = Optional.empty();
        private Optional<String> pool = Optional.empty();
        private final Map<String, String> options = new LinkedHashMap<>();
        private Schedule schedule = Schedule.MANUAL;
        private Dependencies dependencies = Dependencies.NONE;
        private Retry retry = Retry.NONE;
        private Optional<Duration> timeout = Optional.empty();
        private Sla sla = Sla.NONE;
        private ConcurrencyPolicy concurrency = ConcurrencyPolicy.ALLOW;
        private OptionalInt suspendAfterFailures = OptionalInt.empty();
        private final List<Expectation> expectations = new ArrayList<>();
        private final List<Notification> notifications = new ArrayList<>();
        private final List<String> body = new ArrayList<>();

        private Builder(String name)
        {
            this.name = requireNonNull(name, "name is null");
        }

        private Builder(Job job)
        {
            this(job.name);
            version = job.version;
            comment = job.comment;
            pool = job.pool;
            options.putAll(job.options);
            schedule = job.schedule;
            dependencies = job.dependencies;
            retry = job.retry;
            timeout = job.timeout;
            sla = job.sla;
            concurrency = job.concurrency;
            suspendAfterFailures = job.suspendAfterFailures;
            expectations.addAll(job.expectations);
            notifications.addAll(job.notifications);
            body.addAll(job.body);
        }

        public Builder name(String value)
        {
            name = requireNonNull(value, "name is null");
            return this;
        }

        public Builder version(long value)
        {
            version = value;
            return this;
        }

        public Builder comment(String value)
        {
            comment = Optional.of(value);
            return this;
        }

        public Builder pool(String value)
        {
            pool = Optional.of(value);
            return this;
        }

        public Builder option(String key, String value)
        {
            options.put(key, value);
            return this;
        }

        public Builder schedule(Schedule value)
        {
            schedule = requireNonNull(value, "schedule is null");
            return this;
        }

        public Builder after(Dependencies.Condition condition, String... upstream)
        {
            dependencies = new Dependencies(List.of(upstream), condition);
            return this;
        }

        public Builder dependencies(Dependencies value)
        {
            dependencies = requireNonNull(value, "dependencies is null");
            return this;
        }

        public Builder retry(Retry value)
        {
            retry = requireNonNull(value, "retry is null");
            return this;
        }

        public Builder timeout(Duration value)
        {
            timeout = Optional.of(value);
            return this;
        }

        public Builder sla(Sla value)
        {
            sla = requireNonNull(value, "sla is null");
            return this;
        }

        public Builder concurrency(ConcurrencyPolicy value)
        {
            concurrency = requireNonNull(value, "concurrency is null");
            return this;
        }

        public Builder suspendAfterFailures(int value)
        {
            suspendAfterFailures = OptionalInt.of(value);
            return this;
        }

        public Builder expect(Expectation value)
        {
            expectations.add(requireNonNull(value, "expectation is null"));
            return this;
        }

        public Builder notify(Notification value)
        {
            notifications.add(requireNonNull(value, "notification is null"));
            return this;
        }

        public Builder statement(String sql)
        {
            body.add(requireNonNull(sql, "sql is null"));
            return this;
        }

        public Job build()
        {
            return new Job(name, version, comment, pool, options, schedule, dependencies, retry, timeout, sla, concurrency,
                    suspendAfterFailures, expectations, notifications, body);
        }
    }
}
