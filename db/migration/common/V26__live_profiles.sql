-- Issue 15: profiles of live traffic, one per release, model version, column (an input feature or an
-- output), segment and hour, written by each node's life apart (node_life) and merged when read.
-- profile holds the mergeable sketch: KLL (numbers) or frequent items (categories).
create table live_profile (
    deployment_id  uuid          not null references deployment (id),
    area_id        uuid          not null,
    version_number integer       not null,
    column_name    varchar(200)  not null,
    column_role    varchar(10)   not null,
    segment        varchar(400)  not null,
    hour_start     timestamp with time zone not null,
    node_life      varchar(200)  not null,
    kind           varchar(12)   not null,
    row_count      bigint        not null,
    profile        bytea         not null,
    updated_at     timestamp with time zone not null,
    primary key (deployment_id, version_number, column_name, column_role, kind, segment, hour_start, node_life),
    constraint ck_live_profile_role check (column_role in ('INPUT', 'OUTPUT')),
    constraint ck_live_profile_kind check (kind in ('NUMERIC', 'CATEGORICAL'))
);
create index ix_live_profile_window on live_profile (deployment_id, hour_start);
