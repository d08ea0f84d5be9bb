-- The hourly rated ledger. Every usage interval says how much of each SKU it holds (usage_quantity:
-- vCPUs, GiB, GPUs, replicas, query slots); the rating job turns intervals and counted usage
-- (predictions) into one line per hour, resource and SKU, priced by the rate card at that hour.

create table usage_quantity (
    usage_record_id uuid          not null references usage_record (id) on delete cascade,
    sku             varchar(80)   not null,
    held            numeric(20, 6) not null,
    primary key (usage_record_id, sku),
    constraint ck_usage_quantity_held check (held >= 0)
);

-- What the intervals written before this migration held: workspaces their compute (their disk is
-- metered by a separate interval below), scheduled-query runs one query slot.
insert into usage_quantity (usage_record_id, sku, held)
select id, 'VCPU_HOUR', vcpu from usage_record where source_type = 'workspace';
insert into usage_quantity (usage_record_id, sku, held)
select id, 'MEMORY_GIB_HOUR', memory_gib from usage_record where source_type = 'workspace';
insert into usage_quantity (usage_record_id, sku, held)
select id, 'GPU_HOUR:' || gpu_type, gpu_count from usage_record where source_type = 'workspace' and gpu_count > 0 and gpu_type is not null;
insert into usage_quantity (usage_record_id, sku, held)
select id, 'QUERY_SLOT_HOUR', 1 from usage_record where source_type = 'schedule-run';

-- A workspace's disk exists from provisioning until it is deleted, running or not.
insert into usage_record (id, area_id, source_type, source_id, source_name, owner_id, owner_name, sku, vcpu, memory_gib, gpu_type,
                          gpu_count, disk_gib, started_at, ended_at, end_reason)
select id, area_id, 'workspace-disk', id, name, owner_id, owner_name, 'Disk · ' || size_code, 0, 0, null, 0, disk_gib, created_at, null, null
from workspace where state not in ('REQUESTED', 'DELETED');
insert into usage_quantity (usage_record_id, sku, held)
select w.id, 'DISK_GIB_MONTH', w.disk_gib from workspace w where w.state not in ('REQUESTED', 'DELETED');

-- A live online release holds its replicas until it is retired (batch releases cost by their runs).
insert into usage_record (id, area_id, source_type, source_id, source_name, owner_id, owner_name, sku, vcpu, memory_gib, gpu_type,
                          gpu_count, disk_gib, started_at, ended_at, end_reason)
select id, area_id, 'deployment', id, name || ' v' || cast(model_version_number as varchar(10)), requested_by_id, requested_by,
       'Replicas · ' || target, 0, 0, null, 0, 0, coalesce(live_at, updated_at), null, null
from deployment where state = 'LIVE' and serving_mode <> 'BATCH';
insert into usage_quantity (usage_record_id, sku, held)
select id, 'REPLICA_HOUR', replicas from deployment where state = 'LIVE' and serving_mode <> 'BATCH';

create table cost_line (
    id            uuid primary key,
    area_id       uuid           not null references area (id),
    hour_start    timestamp with time zone not null,
    day_start     date           not null,
    month_start   date           not null,
    resource_kind varchar(32)    not null,
    resource_id   uuid           not null,
    resource_name varchar(200)   not null,
    person_id     uuid,
    person_name   varchar(200),
    sku           varchar(80)    not null,
    rate_id       uuid           not null references rate_price (id),
    quantity      numeric(30, 10) not null,
    unit          varchar(40)    not null,
    unit_price    numeric(24, 10) not null,
    amount        numeric(30, 10) not null,
    currency      varchar(3)     not null,
    rated_at      timestamp with time zone not null,
    constraint uk_cost_line unique (hour_start, resource_kind, resource_id, sku)
);
create index ix_cost_line_area_hour on cost_line (area_id, hour_start);
create index ix_cost_line_area_day on cost_line (area_id, day_start);
create index ix_cost_line_area_person on cost_line (area_id, person_id, hour_start);

-- One row: the hour up to which the ledger is rated. Rating locks it, so one node rates at a time.
create table cost_rating_state (
    id        integer primary key,
    watermark timestamp with time zone,
    rated_at  timestamp with time zone
);
insert into cost_rating_state (id, watermark, rated_at) values (1, null, null);

-- Hours to rate again: an interval opened or closed with a time in an hour that may have been rated.
create table cost_due (
    id        uuid primary key,
    from_hour timestamp with time zone not null
);

-- A closed month is never rated again (the close itself comes with statements).
create table cost_month (
    month_start date primary key,
    closed_at   timestamp with time zone,
    closed_by   varchar(200)
);
