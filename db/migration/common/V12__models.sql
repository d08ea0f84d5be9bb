-- Model registry: models per area with metric thresholds, immutable versions with their artifact
-- (ONNX bytes in chunks, so that every node can serve them and nothing needs a whole artifact in
-- memory), quality-gate results, and aliases such as champion and challenger.

create table model (
    id             uuid primary key,
    area_id        uuid          not null references area (id),
    name           varchar(80)   not null,
    description    varchar(2000) not null,
    use_case       varchar(200)  not null,
    risk_tier      integer       not null,
    owner_username varchar(120)  not null,
    owner_name     varchar(200)  not null,
    created_by     varchar(200)  not null,
    created_at     timestamp with time zone not null,
    version        bigint        not null,
    constraint uk_model_area_name unique (area_id, name),
    constraint ck_model_risk_tier check (risk_tier between 1 and 3)
);

create table model_threshold (
    model_id  uuid         not null references model (id) on delete cascade,
    position  integer      not null,
    metric    varchar(80)  not null,
    operator  varchar(2)   not null,
    threshold double precision not null,
    primary key (model_id, position),
    constraint ck_model_threshold_operator check (operator in ('>=', '<=', '>', '<'))
);

create table model_version (
    id                 uuid primary key,
    model_id           uuid           not null references model (id),
    area_id            uuid           not null references area (id),
    number             integer        not null,
    artifact_format    varchar(12)    not null,
    artifact_uri       varchar(2000),
    artifact_size      bigint         not null,
    sha256             varchar(64),
    declared_sha256    varchar(64),
    signature          varchar(100000) not null,
    metrics            varchar(100000) not null,
    parameters         varchar(100000) not null,
    lineage            varchar(100000) not null,
    sample_rows        varchar(100000),
    source_commit      varchar(200),
    ci_run_url         varchar(2000),
    model_card         varchar(100000) not null,
    registered_by      varchar(200)   not null,
    registered_by_type varchar(12)    not null,
    registered_by_id   uuid           not null,
    registered_at      timestamp with time zone not null,
    gates_state        varchar(12)    not null,
    gates_node         varchar(200),
    gates_started_at   timestamp with time zone,
    gates_finished_at  timestamp with time zone,
    row_version        bigint         not null,
    constraint uk_model_version unique (model_id, number),
    constraint ck_model_version_format check (artifact_format in ('ONNX', 'EXTERNAL')),
    constraint ck_model_version_gates check (gates_state in ('PENDING', 'RUNNING', 'PASSED', 'FAILED', 'INCOMPLETE'))
);
create index ix_model_version_area on model_version (area_id);
create index ix_model_version_gates on model_version (gates_state);

-- the artifact's bytes, 1 MiB a row, in order
create table model_artifact_chunk (
    version_id uuid    not null references model_version (id),
    seq        integer not null,
    bytes      bytea   not null,
    primary key (version_id, seq)
);

create table model_gate_result (
    version_id  uuid          not null references model_version (id) on delete cascade,
    position    integer       not null,
    gate        varchar(40)   not null,
    state       varchar(12)   not null,
    message     varchar(4000) not null,
    duration_ms bigint        not null,
    finished_at timestamp with time zone not null,
    primary key (version_id, position),
    constraint ck_model_gate_state check (state in ('PASSED', 'FAILED', 'SKIPPED'))
);

create table model_alias (
    model_id   uuid         not null references model (id),
    alias      varchar(40)  not null,
    number     integer      not null,
    moved_by   varchar(200) not null,
    moved_at   timestamp with time zone not null,
    version    bigint       not null,
    primary key (model_id, alias)
);
