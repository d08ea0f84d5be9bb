-- Foundation: identity, business areas, audit log, and Spring Modulith's event publication registry.
-- Runs on H2 (MODE=PostgreSQL) and PostgreSQL.

create table app_user (
    id               uuid primary key,
    username         varchar(120) not null,
    display_name     varchar(200) not null,
    email            varchar(320),
    password_hash    varchar(100),
    origin           varchar(16)  not null,
    external_subject varchar(255),
    enabled          boolean      not null,
    last_sign_in_at  timestamp with time zone,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    version          bigint       not null,
    constraint uk_app_user_username unique (username)
);
create unique index uk_app_user_subject on app_user (external_subject);

create table user_role (
    user_id uuid        not null references app_user (id) on delete cascade,
    role    varchar(32) not null,
    primary key (user_id, role)
);

create table area (
    id              uuid primary key,
    code            varchar(32)    not null,
    name            varchar(120)   not null,
    cost_center     varchar(40)    not null,
    budget_amount   numeric(19, 2) not null,
    budget_currency varchar(3)     not null,
    active          boolean        not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    version         bigint         not null,
    constraint uk_area_code unique (code),
    constraint ck_area_budget check (budget_amount >= 0)
);

create table area_membership (
    id         uuid primary key,
    area_id    uuid        not null references area (id),
    user_id    uuid        not null,
    role       varchar(32) not null,
    created_at timestamp with time zone not null,
    constraint uk_area_membership unique (area_id, user_id)
);
create index ix_area_membership_user on area_membership (user_id);

-- The area each person last chose in the area switcher.
create table area_selection (
    user_id uuid primary key,
    area_id uuid not null references area (id)
);

create table api_token (
    id             uuid primary key,
    user_id        uuid         not null references app_user (id),
    name           varchar(80)  not null,
    token_prefix   varchar(16)  not null,
    token_hash     varchar(64)  not null,
    area_id        uuid,
    service        boolean      not null,
    created_at     timestamp with time zone not null,
    expires_at     timestamp with time zone not null,
    revoked_at     timestamp with time zone,
    last_used_at   timestamp with time zone,
    last_used_from varchar(64),
    constraint uk_api_token_hash unique (token_hash)
);
create index ix_api_token_user on api_token (user_id);

-- Append-only, hash-chained: hash = SHA-256(previous hash + canonical content of this row).
create table audit_event (
    seq            bigint primary key,
    occurred_at    timestamp with time zone not null,
    actor          varchar(160) not null,
    actor_type     varchar(16)  not null,
    action         varchar(80)  not null,
    object_type    varchar(80),
    object_id      varchar(80),
    area_id        uuid,
    outcome        varchar(16)  not null,
    details        varchar(16000),
    client_address varchar(64),
    correlation_id varchar(64),
    prev_hash      varchar(64)  not null,
    hash           varchar(64)  not null
);
create index ix_audit_event_time on audit_event (occurred_at);
create index ix_audit_event_actor on audit_event (actor, seq);
create index ix_audit_event_area on audit_event (area_id, seq);
create index ix_audit_event_action on audit_event (action, seq);
create index ix_audit_event_object on audit_event (object_type, object_id);

-- One row: the head of the chain, locked by every append so that two portal nodes never fork it.
create table audit_chain_head (
    id        integer primary key,
    last_seq  bigint      not null,
    last_hash varchar(64) not null
);
insert into audit_chain_head (id, last_seq, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

create table audit_verification (
    id             uuid primary key,
    started_at     timestamp with time zone not null,
    finished_at    timestamp with time zone not null,
    checked_rows   bigint       not null,
    intact         boolean      not null,
    first_broken   bigint,
    reason         varchar(400),
    requested_by   varchar(160) not null
);
create index ix_audit_verification_time on audit_verification (finished_at);

create table event_publication (
    id                     uuid primary key,
    listener_id            varchar(512)  not null,
    event_type             varchar(512)  not null,
    serialized_event       varchar(16000) not null,
    publication_date       timestamp with time zone not null,
    completion_date        timestamp with time zone,
    last_resubmission_date timestamp with time zone,
    completion_attempts    integer       not null,
    status                 varchar(16)
);
create index ix_event_publication_completion on event_publication (completion_date);

create table event_publication_archive (
    id                     uuid primary key,
    listener_id            varchar(512)  not null,
    event_type             varchar(512)  not null,
    serialized_event       varchar(16000) not null,
    publication_date       timestamp with time zone not null,
    completion_date        timestamp with time zone,
    last_resubmission_date timestamp with time zone,
    completion_attempts    integer       not null,
    status                 varchar(16)
);
