-- On PostgreSQL the prediction log is partitioned by day (UTC) of created_at, so that retention drops
-- whole days (PredictionLogPartitions) instead of deleting rows. The rows logged so far stay, as the
-- partition prediction_log_before_partitions (everything up to the start of tomorrow, UTC); days from
-- tomorrow on get a partition each, made a week ahead by the retention job; a default partition takes
-- any row no day's partition covers, so that a late job never refuses a call. The primary key is
-- (id, created_at), as a partitioned table's key must hold its partition key; a row keeps its id and
-- time wherever it goes (the writer's spool), so "insert ... on conflict do nothing" still writes it once.
alter table prediction_log rename to prediction_log_before_partitions;
-- its key and foreign key are the partitioned table's from now on (made on it when it is attached)
alter table prediction_log_before_partitions drop constraint prediction_log_pkey;
alter table prediction_log_before_partitions drop constraint prediction_log_deployment_id_fkey;
alter index ix_prediction_log_deployment_time rename to ix_prediction_log_before_partitions_time;

create table prediction_log (
    id                   uuid         not null,
    request_id           uuid         not null,
    deployment_id        uuid         not null references deployment (id),
    area_id              uuid         not null,
    model_version_id     uuid         not null,
    model_version_number integer      not null,
    channel              varchar(8)   not null,
    row_count            integer      not null,
    inputs               varchar(1000000),
    outputs              varchar(1000000),
    outcome              varchar(12)  not null,
    error                varchar(2000),
    latency_micros       bigint       not null,
    node                 varchar(100) not null,
    created_at           timestamp with time zone not null,
    constraint pk_prediction_log primary key (id, created_at),
    constraint ck_prediction_log_channel check (channel in ('SYNC', 'ASYNC', 'BATCH')),
    constraint ck_prediction_log_outcome check (outcome in ('SUCCESS', 'INVALID', 'ERROR'))
) partition by range (created_at);

create index ix_prediction_log_deployment_time on prediction_log (deployment_id, created_at);

do $$
declare
    tomorrow timestamptz := date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' + interval '1 day';
    day timestamptz;
begin
    execute format('alter table prediction_log attach partition prediction_log_before_partitions for values from (minvalue) to (%L)',
                   tomorrow);
    for i in 0..6 loop
        day := tomorrow + make_interval(days => i);
        execute format('create table %I partition of prediction_log for values from (%L) to (%L)',
                       'prediction_log_p' || to_char(day at time zone 'UTC', 'YYYYMMDD'), day, day + interval '1 day');
    end loop;
end
$$;

create table prediction_log_default partition of prediction_log default;
