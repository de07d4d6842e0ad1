package dev.sparkjobs.gateway.metastore;

import dev.sparkjobs.planner.model.Job;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Job definitions and their versions ({@code jobs}, {@code job_versions}). */
public final class JobRepository
        extends DefinitionStore<Job>
{
    /** A job's status: scheduled as defined, or held by {@code ALTER JOB ... SUSPEND} (or SUSPEND AFTER n FAILURES). */
    public enum Status
    {
        ACTIVE, SUSPENDED
    }

    JobRepository(DataSource dataSource, Clock clock)
    {
        super(dataSource, clock, new DefinitionKind<>("job", "jobs", "job_versions", "job_id", Job.class, Job::name, Job::withVersion,
                Summaries::job, Status.ACTIVE.name()));
    }

    public Stored<Job> suspend(String name)
    {
        return setStatus(name, Status.SUSPENDED.name());
    }

    public Stored<Job> resume(String name)
    {
        return setStatus(name, Status.ACTIVE.name());
    }

    /** The current definitions of every job: what the dependency graph is checked over. */
    public List<Job> definitions()
    {
        return list().stream().map(Stored::definition).toList();
    }

    /** {@code ALTER JOB name RENAME TO newName}: a new version under the new name; runs keep the old one. */
    public Stored<Job> rename(String name, long expectedVersion, String newName, String sqlText, Optional<String> user)
    {
        Stored<Job> current = find(name).orElseThrow(() -> new MetastoreException(MetastoreError.UNDEFINED_OBJECT, "job " + name + " does not exist"));
        return update(name, expectedVersion, current.definition().withName(newName), sqlText, ChangeKind.RENAME, user);
    }
}
