-- Version 4: at most one run per job and logical date for the runs the scheduler makes
-- (schedule, catch-up, upstream, file arrival), and the files a file-arrival job has seen.

ALTER TABLE job_runs ADD COLUMN schedule_key VARCHAR(512);
CREATE UNIQUE INDEX job_runs_once_per_key ON job_runs (job_id, schedule_key);

CREATE TABLE file_arrivals (
    job_id     VARCHAR(36)   NOT NULL REFERENCES jobs (job_id),
    path       VARCHAR(2000) NOT NULL,
    seen_at    TIMESTAMP(3)  NOT NULL,
    run_id     VARCHAR(36),
    PRIMARY KEY (job_id, path)
);
