-- The gateway's metadata: job, stream and pool definitions with every version, runs and their
-- attempts, stream progress, alerts. Written once for H2 and PostgreSQL alike: unquoted lower-case
-- names (H2 runs with DATABASE_TO_LOWER=TRUE), VARCHAR without a length for long text, and
-- TIMESTAMP(3) holding UTC wall-clock time (the repositories convert; no time-zone types, so every
-- JDBC reader, Calcite's included, sees the same values). Ids are random UUID strings.

-- Jobs: one row per job ever created. name_key is the lower-cased name while the job exists and
-- NULL once it is dropped (its versions and runs stay), so a dropped name can be created again.
CREATE TABLE jobs (
    job_id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    name            VARCHAR(256) NOT NULL,
    name_key        VARCHAR(256) UNIQUE,
    current_version BIGINT       NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    owner           VARCHAR(256),
    created_at      TIMESTAMP(3) NOT NULL,
    updated_at      TIMESTAMP(3) NOT NULL,
    dropped_at      TIMESTAMP(3)
);

-- Every definition of every job: the model as JSON, the SQL as the user wrote it, and summary
-- columns for system.jobs (so that no reader has to parse JSON).
CREATE TABLE job_versions (
    job_id               VARCHAR(36)  NOT NULL REFERENCES jobs (job_id),
    version              BIGINT       NOT NULL,
    change_kind          VARCHAR(16)  NOT NULL,
    model_format         INTEGER      NOT NULL,
    definition_json      VARCHAR      NOT NULL,
    sql_text             VARCHAR      NOT NULL,
    created_by           VARCHAR(256),
    created_at           TIMESTAMP(3) NOT NULL,
    comment              VARCHAR,
    pool                 VARCHAR(256),
    schedule_kind        VARCHAR(16)  NOT NULL,
    schedule             VARCHAR(1000),
    time_zone            VARCHAR(64),
    upstream             VARCHAR(4000),
    dependency_condition VARCHAR(16),
    concurrency          VARCHAR(16)  NOT NULL,
    retries              INTEGER      NOT NULL,
    timeout_ms           BIGINT,
    PRIMARY KEY (job_id, version)
);

CREATE TABLE streams (
    stream_id       VARCHAR(36)  NOT NULL PRIMARY KEY,
    name            VARCHAR(256) NOT NULL,
    name_key        VARCHAR(256) UNIQUE,
    current_version BIGINT       NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    owner           VARCHAR(256),
    created_at      TIMESTAMP(3) NOT NULL,
    updated_at      TIMESTAMP(3) NOT NULL,
    dropped_at      TIMESTAMP(3)
);

CREATE TABLE stream_versions (
    stream_id           VARCHAR(36)  NOT NULL REFERENCES streams (stream_id),
    version             BIGINT       NOT NULL,
    change_kind         VARCHAR(16)  NOT NULL,
    model_format        INTEGER      NOT NULL,
    definition_json     VARCHAR      NOT NULL,
    sql_text            VARCHAR      NOT NULL,
    created_by          VARCHAR(256),
    created_at          TIMESTAMP(3) NOT NULL,
    comment             VARCHAR,
    stream_kind         VARCHAR(16)  NOT NULL,
    pool                VARCHAR(256),
    sink_table          VARCHAR(256),
    inputs              VARCHAR(4000),
    window_spec         VARCHAR(1000),
    trigger_spec        VARCHAR(1000),
    emit_mode           VARCHAR(16),
    checkpoint_location VARCHAR(4000),
    PRIMARY KEY (stream_id, version)
);

CREATE TABLE pools (
    pool_id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    name            VARCHAR(256) NOT NULL,
    name_key        VARCHAR(256) NOT NULL UNIQUE,
    version         BIGINT       NOT NULL,
    options_json    VARCHAR      NOT NULL,
    sql_text        VARCHAR      NOT NULL,
    share_level     VARCHAR(16),
    min_engines     INTEGER,
    max_engines     INTEGER,
    created_by      VARCHAR(256),
    created_at      TIMESTAMP(3) NOT NULL,
    updated_at      TIMESTAMP(3) NOT NULL
);

-- Runs of jobs. The phase timestamps and engine fields are those of the current attempt (every
-- attempt keeps its own in job_run_attempts); state_version grows with each transition and is
-- the compare-and-set guard against two writers moving one run.
CREATE TABLE job_runs (
    run_id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    job_id             VARCHAR(36)  NOT NULL REFERENCES jobs (job_id),
    job_name           VARCHAR(256) NOT NULL,
    job_version        BIGINT       NOT NULL,
    trigger_kind       VARCHAR(16)  NOT NULL,
    logical_date       TIMESTAMP(3),
    scheduled_at       TIMESTAMP(3),
    parameters_json    VARCHAR,
    requested_by       VARCHAR(256),
    state              VARCHAR(16)  NOT NULL,
    state_version      BIGINT       NOT NULL,
    attempt            INTEGER      NOT NULL,
    created_at         TIMESTAMP(3) NOT NULL,
    queued_at          TIMESTAMP(3),
    engine_acquired_at TIMESTAMP(3),
    started_at         TIMESTAMP(3),
    finished_at        TIMESTAMP(3),
    duration_ms        BIGINT,
    rows_written       BIGINT,
    bytes_written      BIGINT,
    spark_app_id       VARCHAR(256),
    spark_ui_url       VARCHAR(2000),
    error_class        VARCHAR(256),
    error_message      VARCHAR,
    log_location       VARCHAR(4000)
);
CREATE INDEX job_runs_by_job ON job_runs (job_id, created_at);
CREATE INDEX job_runs_by_state ON job_runs (state);

CREATE TABLE job_run_attempts (
    run_id             VARCHAR(36)  NOT NULL REFERENCES job_runs (run_id),
    attempt            INTEGER      NOT NULL,
    state              VARCHAR(16)  NOT NULL,
    queued_at          TIMESTAMP(3) NOT NULL,
    engine_acquired_at TIMESTAMP(3),
    started_at         TIMESTAMP(3),
    finished_at        TIMESTAMP(3),
    rows_written       BIGINT,
    bytes_written      BIGINT,
    spark_app_id       VARCHAR(256),
    spark_ui_url       VARCHAR(2000),
    error_class        VARCHAR(256),
    error_message      VARCHAR,
    log_location       VARCHAR(4000),
    PRIMARY KEY (run_id, attempt)
);

-- One row per micro-batch of a running stream; query_run_id changes on every start of the query
-- (Spark's runId), batch ids may restart with a new checkpoint.
CREATE TABLE stream_progress (
    stream_id                 VARCHAR(36)  NOT NULL REFERENCES streams (stream_id),
    query_run_id              VARCHAR(36)  NOT NULL,
    batch_id                  BIGINT       NOT NULL,
    recorded_at               TIMESTAMP(3) NOT NULL,
    input_rows                BIGINT       NOT NULL,
    input_rows_per_second     DOUBLE PRECISION,
    processed_rows_per_second DOUBLE PRECISION,
    batch_duration_ms         BIGINT,
    event_time_watermark      TIMESTAMP(3),
    late_rows                 BIGINT,
    state_rows                BIGINT,
    lag_ms                    BIGINT,
    PRIMARY KEY (stream_id, query_run_id, batch_id)
);
CREATE INDEX stream_progress_by_time ON stream_progress (stream_id, recorded_at);

-- Alerts: SLA misses, failures, suspensions; and the delivery of their webhook, if any.
CREATE TABLE alerts (
    alert_id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    kind              VARCHAR(32)  NOT NULL,
    object_kind       VARCHAR(16)  NOT NULL,
    object_name       VARCHAR(256) NOT NULL,
    run_id            VARCHAR(36),
    raised_at         TIMESTAMP(3) NOT NULL,
    message           VARCHAR      NOT NULL,
    details_json      VARCHAR,
    notify_url        VARCHAR(2000),
    notify_state      VARCHAR(16)  NOT NULL,
    notify_attempts   INTEGER      NOT NULL,
    notified_at       TIMESTAMP(3),
    notify_error      VARCHAR
);
CREATE INDEX alerts_by_time ON alerts (raised_at);
