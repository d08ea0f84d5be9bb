-- Storage metered from periodic measurements: the latest measurement of every resource that stores data for an
-- area (a feature group's offline or online table, a model version's artifact, a release's share of the prediction
-- log). One row per resource, written in the same transaction as the usage interval it opens, resizes or closes:
-- its key is the rule that keeps one interval open per resource. held_bytes is the size the open interval holds.
create table storage_measurement (
    source_type varchar(40)  not null,
    resource_id uuid         not null,
    ledger_id   uuid         not null,
    area_id     uuid         not null references area (id),
    name        varchar(200) not null,
    owner_id    uuid,
    owner_name  varchar(200),
    bytes       bigint       not null,
    measured_at timestamp with time zone not null,
    held_bytes  bigint       not null,
    held_since  timestamp with time zone not null,
    constraint pk_storage_measurement primary key (source_type, resource_id),
    constraint uk_storage_measurement_ledger unique (ledger_id),
    constraint ck_storage_measurement_bytes check (bytes >= 0 and held_bytes >= 0)
);
create index ix_storage_measurement_area on storage_measurement (area_id, bytes);

-- One row, locked by a measurement while it writes: measurements (the job on any node, a test) take turns.
create table storage_measurement_state (
    id          integer primary key,
    measured_at timestamp with time zone
);
insert into storage_measurement_state (id, measured_at) values (1, null);
