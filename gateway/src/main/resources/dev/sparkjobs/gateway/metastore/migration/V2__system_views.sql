-- The system.* tables that live in this database, as views: Calcite reads them through its JDBC
-- adapter (JdbcSchema) and serves them as system.jobs, system.job_runs, ... (the system_ prefix is
-- dropped). system.engines and system.sessions are in-memory state of the gateway, not here.
-- See docs/metadata.md for every column.

CREATE VIEW system_jobs AS
SELECT j.name                  AS name,
       j.current_version       AS version,
       j.status                AS status,
       v.comment               AS comment,
       v.pool                  AS pool,
       v.schedule_kind         AS schedule_kind,
       v.schedule              AS schedule,
       v.time_zone             AS time_zone,
       v.upstream              AS upstream,
       v.dependency_condition  AS dependency_condition,
       v.concurrency           AS concurrency,
       v.retries               AS retries,
       v.timeout_ms            AS timeout_ms,
       j.owner                 AS owner,
       j.created_at            AS created_at,
       j.updated_at            AS updated_at,
       r.run_id                AS last_run_id,
       r.state                 AS last_run_state,
       r.finished_at           AS last_run_finished_at
FROM jobs j
JOIN job_versions v ON v.job_id = j.job_id AND v.version = j.current_version
LEFT JOIN job_runs r ON r.run_id = (
    SELECT r2.run_id FROM job_runs r2 WHERE r2.job_id = j.job_id
    ORDER BY r2.created_at DESC, r2.run_id DESC FETCH FIRST 1 ROW ONLY)
WHERE j.status <> 'DROPPED';

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
       r.requested_by       AS requested_by
FROM job_runs r;

CREATE VIEW system_streams AS
SELECT s.name                AS name,
       s.current_version     AS version,
       v.stream_kind         AS kind,
       s.status              AS status,
       v.comment             AS comment,
       v.pool                AS pool,
       v.sink_table          AS sink_table,
       v.inputs              AS inputs,
       v.window_spec         AS window_spec,
       v.trigger_spec        AS trigger_spec,
       v.emit_mode           AS emit_mode,
       v.checkpoint_location AS checkpoint_location,
       s.owner               AS owner,
       s.created_at          AS created_at,
       s.updated_at          AS updated_at,
       (SELECT MAX(p.recorded_at) FROM stream_progress p WHERE p.stream_id = s.stream_id) AS last_progress_at
FROM streams s
JOIN stream_versions v ON v.stream_id = s.stream_id AND v.version = s.current_version
WHERE s.status <> 'DROPPED';

CREATE VIEW system_stream_progress AS
SELECT s.name                      AS stream,
       p.query_run_id              AS query_run_id,
       p.batch_id                  AS batch_id,
       p.recorded_at               AS recorded_at,
       p.input_rows                AS input_rows,
       p.input_rows_per_second     AS input_rows_per_second,
       p.processed_rows_per_second AS processed_rows_per_second,
       p.batch_duration_ms         AS batch_duration_ms,
       p.event_time_watermark      AS event_time_watermark,
       p.late_rows                 AS late_rows,
       p.state_rows                AS state_rows,
       p.lag_ms                    AS lag_ms
FROM stream_progress p
JOIN streams s ON s.stream_id = p.stream_id;

CREATE VIEW system_pools AS
SELECT p.name         AS name,
       p.version      AS version,
       p.share_level  AS share_level,
       p.min_engines  AS min_engines,
       p.max_engines  AS max_engines,
       p.options_json AS options,
       p.created_by   AS created_by,
       p.created_at   AS created_at,
       p.updated_at   AS updated_at
FROM pools p;

CREATE VIEW system_alerts AS
SELECT a.alert_id        AS alert_id,
       a.kind            AS kind,
       a.object_kind     AS object_kind,
       a.object_name     AS object_name,
       a.run_id          AS run_id,
       a.raised_at       AS raised_at,
       a.message         AS message,
       a.notify_url      AS notify_url,
       a.notify_state    AS notify_state,
       a.notify_attempts AS notify_attempts,
       a.notified_at     AS notified_at,
       a.notify_error    AS notify_error
FROM alerts a;
