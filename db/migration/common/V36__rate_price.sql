-- The effective-dated rate card: a price of a SKU applies from its hour (UTC) until a later row of
-- the same SKU, scope and currency; a new price never re-rates a past hour. area_key is the area id,
-- or '*' for the platform's default price (a column of its own so that uniqueness holds on both
-- databases, where nulls are distinct). The rate table of V4 stays in place but is no longer read.

create table rate_price (
    id             uuid primary key,
    sku            varchar(80)    not null,
    area_id        uuid references area (id),
    area_key       varchar(36)    not null,
    currency       varchar(3)     not null,
    unit           varchar(40)    not null,
    unit_price     numeric(24, 10) not null,
    effective_from timestamp with time zone not null,
    created_by     varchar(200)   not null,
    created_at     timestamp with time zone not null,
    constraint uk_rate_price unique (sku, area_key, currency, effective_from),
    constraint ck_rate_price_positive check (unit_price >= 0)
);
create index ix_rate_price_lookup on rate_price (currency, sku, effective_from);

insert into rate_price (id, sku, area_id, area_key, currency, unit, unit_price, effective_from, created_by, created_at)
select id, resource, area_id, coalesce(cast(area_id as varchar(36)), '*'), currency,
       case when resource = 'VCPU_HOUR' then 'vCPU-hour'
            when resource = 'MEMORY_GIB_HOUR' then 'GiB-hour'
            when resource = 'DISK_GIB_MONTH' then 'GiB-month'
            else 'GPU-hour' end,
       unit_price, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp
from rate;

-- Defaults of the newly metered kinds: query slot-hours (scheduled queries, batch scoring), replica-hours
-- (deployments on the portal's own target), per 1,000 predicted rows, and stored GiB-months.
insert into rate_price (id, sku, area_id, area_key, currency, unit, unit_price, effective_from, created_by, created_at) values
    ('00000000-0000-0000-0011-000000000001', 'QUERY_SLOT_HOUR', null, '*', 'EUR', 'slot-hour', 0.1200000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0011-000000000002', 'REPLICA_HOUR', null, '*', 'EUR', 'replica-hour', 0.0800000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0011-000000000003', 'PREDICTIONS_1000', null, '*', 'EUR', '1,000 predictions', 0.0200000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0011-000000000004', 'STORAGE_GIB_MONTH', null, '*', 'EUR', 'GiB-month', 0.0230000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0012-000000000001', 'QUERY_SLOT_HOUR', null, '*', 'USD', 'slot-hour', 0.1300000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0012-000000000002', 'REPLICA_HOUR', null, '*', 'USD', 'replica-hour', 0.0860000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0012-000000000003', 'PREDICTIONS_1000', null, '*', 'USD', '1,000 predictions', 0.0215000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0012-000000000004', 'STORAGE_GIB_MONTH', null, '*', 'USD', 'GiB-month', 0.0250000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0013-000000000001', 'QUERY_SLOT_HOUR', null, '*', 'BRL', 'slot-hour', 0.7200000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0013-000000000002', 'REPLICA_HOUR', null, '*', 'BRL', 'replica-hour', 0.4800000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0013-000000000003', 'PREDICTIONS_1000', null, '*', 'BRL', '1,000 predictions', 0.1200000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0013-000000000004', 'STORAGE_GIB_MONTH', null, '*', 'BRL', 'GiB-month', 0.1380000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0014-000000000001', 'QUERY_SLOT_HOUR', null, '*', 'GBP', 'slot-hour', 0.1020000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0014-000000000002', 'REPLICA_HOUR', null, '*', 'GBP', 'replica-hour', 0.0680000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0014-000000000003', 'PREDICTIONS_1000', null, '*', 'GBP', '1,000 predictions', 0.0170000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0014-000000000004', 'STORAGE_GIB_MONTH', null, '*', 'GBP', 'GiB-month', 0.0196000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0015-000000000001', 'QUERY_SLOT_HOUR', null, '*', 'CHF', 'slot-hour', 0.1130000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0015-000000000002', 'REPLICA_HOUR', null, '*', 'CHF', 'replica-hour', 0.0750000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0015-000000000003', 'PREDICTIONS_1000', null, '*', 'CHF', '1,000 predictions', 0.0190000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp),
    ('00000000-0000-0000-0015-000000000004', 'STORAGE_GIB_MONTH', null, '*', 'CHF', 'GiB-month', 0.0216000000, timestamp with time zone '2000-01-01 00:00:00+00', 'migration', current_timestamp);
