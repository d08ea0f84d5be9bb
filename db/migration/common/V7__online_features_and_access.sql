-- Feature store, part three: refreshes (validation and materialization), the online table,
-- who reads a group, and access requests for other areas' personal data.

-- Each refresh of a published version: its validation result and how many entities it materialized.
create table feature_refresh (
    id              uuid primary key,
    version_id      uuid          not null references feature_group_version (id) on delete cascade,
    triggered_by    varchar(120)  not null,
    state           varchar(12)   not null,
    started_at      timestamp with time zone not null,
    finished_at     timestamp with time zone,
    checked_at      timestamp with time zone,
    source_rows     bigint,
    entities        bigint,
    violations      bigint,
    violation_detail varchar(4000),
    fingerprint     varchar(200),
    key_kinds       varchar(500),
    error           varchar(2000),
    constraint ck_feature_refresh_state check (state in ('RUNNING', 'DONE', 'FAILED'))
);
create index ix_feature_refresh_version on feature_refresh (version_id, started_at);

-- The latest values per entity of each published version; values as a JSON array in feature order.
create table feature_online_row (
    version_id     uuid          not null references feature_group_version (id) on delete cascade,
    entity_key     varchar(500)  not null,
    event_time     timestamp with time zone not null,
    feature_values varchar(65536) not null,
    primary key (version_id, entity_key)
);

-- Who reads a group, by channel (training set, online); counted, first and last read.
create table feature_group_reader (
    group_id      uuid          not null references feature_group (id),
    reader        varchar(120)  not null,
    reader_type   varchar(20)   not null,
    channel       varchar(20)   not null,
    reads         bigint        not null,
    rows_read     bigint        not null,
    first_read_at timestamp with time zone not null,
    last_read_at  timestamp with time zone not null,
    row_version   bigint        not null,
    primary key (group_id, reader, channel)
);

-- A request by one area to read personal-data features of a group another area owns.
create table feature_access_request (
    id                uuid primary key,
    group_id          uuid          not null references feature_group (id),
    owner_area_id     uuid          not null references area (id),
    requester_area_id uuid          not null references area (id),
    features          varchar(4000) not null,
    justification     varchar(2000) not null,
    state             varchar(12)   not null,
    requested_by      varchar(120)  not null,
    requested_by_name varchar(200)  not null,
    requested_at      timestamp with time zone not null,
    decided_by        varchar(120),
    decided_by_name   varchar(200),
    decided_at        timestamp with time zone,
    decision_comment  varchar(2000),
    row_version       bigint        not null,
    constraint ck_feature_access_state check (state in ('REQUESTED', 'APPROVED', 'REJECTED', 'REVOKED'))
);
create index ix_feature_access_group on feature_access_request (group_id, state);
create index ix_feature_access_requester on feature_access_request (requester_area_id, state);
create index ix_feature_access_owner on feature_access_request (owner_area_id, state);
