-- Training jobs of an area and their runs. A job says what to train (a model of the registry of the
-- same area), from which code (a source and an entrypoint inside it), on which data (a point-in-time
-- training set of the feature store), with which parameters, size and time limit. A run is one
-- execution: claimed by one node, metered, and on success registered as a new model version.

create table training_job (
    id                  uuid primary key,
    area_id             uuid          not null references area (id),
    name                varchar(80)   not null,
    live_name           varchar(80),
    description         varchar(2000) not null,
    model_id            uuid          not null,
    model_name          varchar(80)   not null,
    source_kind         varchar(12)   not null,
    source_ref          varchar(300)  not null,
    source_path         varchar(500)  not null,
    entrypoint          varchar(500)  not null,
    environment         varchar(40)   not null,
    runner              varchar(20)   not null,
    parameters          varchar(20000) not null,
    size_code           varchar(32)   not null,
    max_run_minutes     integer       not null,
    seed                bigint        not null,
    inputs              varchar(30000) not null,
    created_by          varchar(120)  not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    deleted_at          timestamp with time zone,
    row_version         bigint        not null,
    constraint ck_training_job_source check (source_kind in ('SAMPLE', 'WORKSPACE')),
    constraint ck_training_job_minutes check (max_run_minutes between 1 and 10080)
);

-- one live job of a name per area: live_name is the name until the job is deleted (null then), so a
-- deleted job keeps its runs and frees its name
create unique index uk_training_job_live_name on training_job (area_id, live_name);
create index ix_training_job_area on training_job (area_id, created_at);

create table training_run (
    id                  uuid primary key,
    job_id              uuid          not null references training_job (id),
    area_id             uuid          not null references area (id),
    number              integer       not null,
    state               varchar(10)   not null,
    reason              varchar(2000),
    runner              varchar(20)   not null,
    node                varchar(120),
    pid                 bigint,
    pid_started_at      timestamp with time zone,
    requested_by_id     uuid          not null,
    requested_by        varchar(120)  not null,
    requested_by_name   varchar(200)  not null,
    requested_by_type   varchar(12)   not null,
    requested_by_roles  varchar(200)  not null,
    requested_by_token  varchar(120),
    requested_by_scope  uuid,
    size_code           varchar(32)   not null,
    vcpu                integer       not null,
    memory_gib          integer       not null,
    gpu_type            varchar(40),
    gpu_count           integer       not null,
    max_run_minutes     integer       not null,
    seed                bigint        not null,
    parameters          varchar(20000) not null,
    estimated_cost      numeric(20, 10),
    currency            varchar(3),
    queued_at           timestamp with time zone not null,
    started_at          timestamp with time zone,
    finished_at         timestamp with time zone,
    heartbeat_at        timestamp with time zone,
    cancel_requested_at timestamp with time zone,
    cancel_requested_by varchar(120),
    code_hash           varchar(80),
    data_hash           varchar(80),
    data_rows           bigint,
    data_groups         varchar(2000),
    data_from           timestamp with time zone,
    data_to             timestamp with time zone,
    metrics             varchar(20000),
    model_version_id    uuid,
    model_version       integer,
    log_bytes           bigint        not null,
    row_version         bigint        not null,
    constraint uk_training_run_number unique (job_id, number),
    constraint ck_training_run_state check (state in ('QUEUED', 'STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'LOST'))
);

create index ix_training_run_state on training_run (state, queued_at);
create index ix_training_run_job on training_run (job_id, number);
create index ix_training_run_area on training_run (area_id, queued_at);
