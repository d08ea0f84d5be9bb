-- Scheduled queries: recurring SQL on a data source, optionally written into a table of the owning
-- area's schema, fired by Quartz; and the run log, where one fire of one schedule is one row.

create table schedule (
    id              uuid primary key,
    area_id         uuid          not null references area (id),
    name            varchar(80)   not null,
    description     varchar(2000) not null,
    source_id       uuid          not null references data_source (id),
    query_sql       varchar(20000) not null,
    target_table    varchar(63),
    target_mode     varchar(10)   not null,
    target_keys     varchar(1000),
    cron            varchar(200)  not null,
    time_zone       varchar(60)   not null,
    timeout_seconds integer       not null,
    state           varchar(10)   not null,
    owner_id        uuid          not null,
    owner_name      varchar(200)  not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    row_version     bigint        not null,
    constraint uk_schedule_name unique (area_id, name),
    constraint ck_schedule_mode check (target_mode in ('NONE', 'REPLACE', 'APPEND', 'UPSERT')),
    constraint ck_schedule_state check (state in ('ACTIVE', 'PAUSED'))
);

create table schedule_run (
    id            uuid primary key,
    schedule_id   uuid          not null references schedule (id) on delete cascade,
    area_id       uuid          not null,
    scheduled_for timestamp with time zone not null,
    attempt       integer       not null,
    run_trigger   varchar(10)   not null,
    run_date      date          not null,
    state         varchar(10)   not null,
    node          varchar(120)  not null,
    started_at    timestamp with time zone not null,
    finished_at   timestamp with time zone,
    rows_read     bigint,
    rows_written  bigint,
    error         varchar(4000),
    constraint uk_schedule_run unique (schedule_id, scheduled_for, attempt),
    constraint ck_schedule_run_state check (state in ('RUNNING', 'SUCCEEDED', 'FAILED'))
);
create index ix_schedule_run_schedule on schedule_run (schedule_id, scheduled_for);
