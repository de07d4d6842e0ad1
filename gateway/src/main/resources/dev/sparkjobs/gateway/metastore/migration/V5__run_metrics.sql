-- Version 5: what each attempt did on Spark (stages, tasks, executor run time, bytes read; bytes
-- written was already a column), how its expectations (CONSTRAINT ... EXPECT) came out, and
-- system.job_runs showing them. Plain ALTER TABLE ... ADD COLUMN, one column per statement, so the
-- same script runs on H2 and PostgreSQL.

ALTER TABLE job_runs ADD COLUMN stages INTEGER;
ALTER TABLE job_runs ADD COLUMN tasks BIGINT;
ALTER TABLE job_runs ADD COLUMN executor_ms BIGINT;
ALTER TABLE job_runs ADD COLUMN bytes_read BIGINT;
ALTER TABLE job_runs ADD COLUMN expectations VARCHAR(4000);

ALTER TABLE job_run_attempts ADD COLUMN stages INTEGER;
ALTER TABLE job_run_attempts ADD COLUMN tasks BIGINT;
ALTER TABLE job_run_attempts ADD COLUMN executor_ms BIGINT;
ALTER TABLE job_run_attempts ADD COLUMN bytes_read BIGINT;
ALTER TABLE job_run_attempts ADD COLUMN expectations VARCHAR(4000);

DROP VIEW system_job_runs;

CREATE VIEW system_job_runs AS
SELECT r.run_id             AS run_id,
       r.job_name           AS job,
       r.job_version        AS job_version,
       r.trigger_kind       AS trigger_kind,
       r.logical_date       AS logical_date,
       r.scheduled_at       AS scheduled_at,
       r.attempt            AS attempt,
       r.state              AS state,
       r.created_at         AS created_at,
       r.queued_at          AS queued_at,
       r.engine_acquired_at AS engine_acquired_at,
       r.started_at         AS started_at,
       r.finished_at        AS finished_at,
       r.duration_ms        AS duration_ms,
       r.rows_written       AS rows_written,
       r.bytes_written      AS bytes_written,
       r.spark_app_id       AS spark_app_id,
       r.spark_ui_url       AS spark_ui_url,
       r.error_class        AS error_class,
       r.error_message      AS error_message,
       r.log_location       AS log_location,
       r.requested_by       AS requested_by,
       r.bytes_read         AS bytes_read,
       r.stages             AS stages,
       r.tasks              AS tasks,
       CAST(r.executor_ms AS DOUBLE PRECISION) / 1000 AS executor_seconds,
       r.expectations       AS expectations
FROM job_runs r;
