package dev.sparkjobs.gateway.jobs;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** What Quartz runs when a job's trigger fires: a run of the job for the fire time as its logical date. */
@DisallowConcurrentExecution
public final class ScheduledFire
        implements Job
{
    static final String SCHEDULER = "sparkjobs.scheduler";
    static final String JOB_NAME = "job";

    @Override
    public void execute(JobExecutionContext context)
            throws JobExecutionException
    {
        try {
            JobScheduler scheduler = (JobScheduler) context.getScheduler().getContext().get(SCHEDULER);
            String jobName = context.getMergedJobDataMap().getString(JOB_NAME);
            scheduler.fired(jobName, context.getScheduledFireTime().toInstant());
        }
        catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("scheduled run failed to start: " + e.getMessage(), e, false);
        }
    }
}
