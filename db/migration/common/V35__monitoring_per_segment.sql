-- Issue 15: performance, operational figures and alerts per segment of traffic (a value of one of the
-- monitor's segment features, e.g. channel=online), beside those of all traffic ('*').
alter table performance_result add column segment varchar(400) default '*' not null;

alter table monitoring_alert add column segment varchar(400) default '*' not null;
create index ix_monitoring_alert_segment on monitoring_alert (deployment_id, segment, state);

-- Operational figures of a segment per hour and day, from the prediction log's kept inputs (the
-- release's log sample): a call counts in every segment one of its rows falls in.
create table segment_operational_metric (
    deployment_id   uuid             not null references deployment (id),
    segment         varchar(400)     not null,
    granularity     varchar(6)       not null,
    bucket_start    timestamp with time zone not null,
    area_id         uuid             not null,
    calls           bigint           not null,
    row_count       bigint           not null,
    errors          bigint           not null,
    invalid         bigint           not null,
    latency_p50_ms  double precision,
    latency_p95_ms  double precision,
    latency_p99_ms  double precision,
    latency_sketch  bytea,
    sampled_calls   bigint           not null,
    method          varchar(1000)    not null,
    computed_at     timestamp with time zone not null,
    primary key (deployment_id, segment, granularity, bucket_start),
    constraint ck_segment_operational_granularity check (granularity in ('HOUR', 'DAY'))
);
