-- Issue 15: a monitor names up to two categorical input features as segments (comma-separated; null:
-- none), and its settings change only through a change request: a proposal per request, with the
-- settings proposed and the monitor's settings version it was proposed against (an approval of a
-- proposal made against older settings is not applied). settings_version counts approved changes
-- only: the row version also moves when a label query runs.
alter table monitor add column segment_features varchar(401);
alter table monitor add column settings_version bigint not null default 0;

create table monitor_change (
    id                uuid          primary key,
    deployment_id     uuid          not null references deployment (id),
    area_id           uuid          not null,
    change_id         uuid,
    state             varchar(12)   not null,
    base_version      bigint        not null,
    warning_psi       double precision not null,
    breach_psi        double precision not null,
    minimum_rows      bigint        not null,
    consecutive       integer       not null,
    cooldown_minutes  integer       not null,
    segment_features  varchar(401),
    previous          varchar(1000) not null,
    proposed_by       varchar(120)  not null,
    proposed_by_id    uuid          not null,
    proposed_at       timestamp with time zone not null,
    closed_at         timestamp with time zone,
    outcome           varchar(1000),
    row_version       bigint        not null default 0,
    constraint ck_monitor_change_state check (state in ('PENDING', 'APPLIED', 'REJECTED', 'WITHDRAWN', 'EXPIRED', 'STALE'))
);
create index ix_monitor_change_release on monitor_change (deployment_id, state);
create index ix_monitor_change_change on monitor_change (change_id);
