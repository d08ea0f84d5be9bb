-- Deployments become releases of an endpoint: several rows may share a name in an area (its
-- history), at most two of them live at once (a stable version and a canary). Rollout, resources,
-- change window, prediction-log sampling and retirement; the prediction log itself.

alter table deployment drop constraint uk_deployment_area_name;
create index ix_deployment_area_name on deployment (area_id, name);

alter table deployment drop constraint ck_deployment_state;
alter table deployment add constraint ck_deployment_state
    check (state in ('PENDING_APPROVAL', 'APPROVED', 'DEPLOYING', 'LIVE', 'FAILED', 'REJECTED', 'RETIRED'));

alter table deployment add column rollout varchar(12) default 'ALL_AT_ONCE' not null;
alter table deployment add column canary_percent integer;
alter table deployment add column replaces_id uuid;
alter table deployment add column replicas integer default 1 not null;
alter table deployment add column cpu varchar(16);
alter table deployment add column memory varchar(16);
alter table deployment add column window_start timestamp with time zone;
alter table deployment add column window_end timestamp with time zone;
alter table deployment add column log_sample_percent integer default 100 not null;
alter table deployment add column retired_at timestamp with time zone;
alter table deployment add column retired_reason varchar(2000);
alter table deployment add constraint ck_deployment_rollout check (rollout in ('ALL_AT_ONCE', 'CANARY', 'ROLLBACK'));
alter table deployment add constraint ck_deployment_canary check (canary_percent is null or canary_percent between 1 and 99);
alter table deployment add constraint ck_deployment_replicas check (replicas between 1 and 20);
alter table deployment add constraint ck_deployment_sample check (log_sample_percent between 0 and 100);

create index ix_deployment_state on deployment (state);

-- One row per prediction call (sync, async or a batch chunk). Every call is counted with its latency
-- and outcome; inputs and outputs are kept for the deployment's sample of calls.
create table prediction_log (
    id                   uuid primary key,
    request_id           uuid         not null,
    deployment_id        uuid         not null references deployment (id),
    area_id              uuid         not null,
    model_version_id     uuid         not null,
    model_version_number integer      not null,
    channel              varchar(8)   not null,
    row_count            integer      not null,
    inputs               varchar(1000000),
    outputs              varchar(1000000),
    outcome              varchar(12)  not null,
    error                varchar(2000),
    latency_micros       bigint       not null,
    node                 varchar(100) not null,
    created_at           timestamp with time zone not null,
    constraint ck_prediction_log_channel check (channel in ('SYNC', 'ASYNC', 'BATCH')),
    constraint ck_prediction_log_outcome check (outcome in ('SUCCESS', 'INVALID', 'ERROR'))
);

create index ix_prediction_log_deployment_time on prediction_log (deployment_id, created_at);
