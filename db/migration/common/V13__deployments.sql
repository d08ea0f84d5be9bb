-- Deployments: a model version released to an environment, only through an approved change request.
-- This first piece serves online (synchronous) on the embedded target.

create table deployment (
    id                   uuid primary key,
    area_id              uuid          not null references area (id),
    name                 varchar(63)   not null,
    model_id             uuid          not null,
    model_name           varchar(80)   not null,
    model_version_id     uuid          not null references model_version (id),
    model_version_number integer       not null,
    environment          varchar(12)   not null,
    serving_mode         varchar(16)   not null,
    target               varchar(32)   not null,
    state                varchar(20)   not null,
    failure_reason       varchar(2000),
    change_id            uuid,
    justification        varchar(4000) not null,
    rollback_plan        varchar(4000),
    requested_by         varchar(200)  not null,
    requested_by_id      uuid          not null,
    requested_at         timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    live_at              timestamp with time zone,
    row_version          bigint        not null,
    constraint uk_deployment_area_name unique (area_id, name),
    constraint ck_deployment_environment check (environment in ('STAGING', 'PRODUCTION')),
    constraint ck_deployment_mode check (serving_mode in ('ONLINE_SYNC', 'ONLINE_ASYNC', 'BATCH')),
    constraint ck_deployment_state check (state in ('PENDING_APPROVAL', 'APPROVED', 'DEPLOYING', 'LIVE', 'FAILED', 'REJECTED'))
);

create index ix_deployment_version on deployment (model_version_id);
