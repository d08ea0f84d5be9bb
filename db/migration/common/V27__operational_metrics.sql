-- Issue 15: operational metric rows of monitoring, computed from the prediction log (and the async
-- queue) by a clustered Quartz job, so that dashboards read them instead of rescanning the log.
-- One row per release (deployment_id), granularity and bucket (UTC). MINUTE rows come from the log;
-- HOUR rows from the MINUTE rows of the hour, DAY rows from the HOUR rows of the day, latency by
-- merging the stored KLL sketches. source_digest (SHA-256 of what the row was computed from) lets a
-- recomputation leave a row that would not change as it is: recomputing gives the same numbers.
create table operational_metric (
    deployment_id        uuid             not null references deployment (id),
    granularity          varchar(6)       not null,
    bucket_start         timestamp with time zone not null,
    area_id              uuid             not null,
    model_version_number integer          not null,
    calls                bigint           not null,
    row_count            bigint           not null,
    errors               bigint           not null,
    invalid              bigint           not null,
    latency_count        bigint           not null,
    latency_p50_ms       double precision,
    latency_p95_ms       double precision,
    latency_p99_ms       double precision,
    latency_sketch       bytea,
    queue_depth          bigint,
    queue_oldest_age_s   double precision,
    batch_calls          bigint           not null,
    batch_rows           bigint           not null,
    batch_millis         double precision not null,
    method               varchar(1000)    not null,
    source_digest        varchar(64)      not null,
    computed_at          timestamp with time zone not null,
    primary key (deployment_id, granularity, bucket_start),
    constraint ck_operational_metric_granularity check (granularity in ('MINUTE', 'HOUR', 'DAY'))
);
create index ix_operational_metric_bucket on operational_metric (granularity, bucket_start);

-- How far the job has computed, so that a portal stopped for a while catches up.
create table operational_metric_watermark (
    name        varchar(40) primary key,
    computed_to timestamp with time zone not null
);

-- The job reads the prediction log by time, across releases.
create index ix_prediction_log_created on prediction_log (created_at);
