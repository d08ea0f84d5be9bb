-- Issue 15: a monitor per release (made with defaults when it goes live) and the alerts it raises.
create table monitor (
    deployment_id    uuid          primary key references deployment (id),
    area_id          uuid          not null,
    warning_psi      double precision not null,
    breach_psi       double precision not null,
    minimum_rows     bigint        not null,
    alpha            double precision not null,
    consecutive      integer       not null,
    cooldown_minutes integer       not null,
    created_at       timestamp with time zone not null,
    row_version      bigint        not null default 0
);

-- An alert: one open (or acknowledged, or snoozed) per release and check; seeing the breach again
-- only updates it. Resolved alerts stay as history.
create table monitoring_alert (
    id                uuid          primary key,
    deployment_id     uuid          not null references deployment (id),
    area_id           uuid          not null,
    deployment_name   varchar(100)  not null,
    check_name        varchar(200)  not null,
    severity          varchar(10)   not null,
    state             varchar(12)   not null,
    message           varchar(2000) not null,
    recommendation    varchar(400),
    first_window      timestamp with time zone not null,
    last_window       timestamp with time zone not null,
    times_seen        integer       not null,
    opened_at         timestamp with time zone not null,
    acknowledged_by   varchar(120),
    acknowledged_at   timestamp with time zone,
    snoozed_until     timestamp with time zone,
    snooze_reason     varchar(2000),
    resolved_by       varchar(120),
    resolved_at       timestamp with time zone,
    resolution        varchar(2000),
    row_version       bigint        not null default 0,
    constraint ck_monitoring_alert_state check (state in ('OPEN', 'ACKNOWLEDGED', 'SNOOZED', 'RESOLVED')),
    constraint ck_monitoring_alert_severity check (severity in ('WARNING', 'BREACH'))
);
create index ix_monitoring_alert_release on monitoring_alert (deployment_id, check_name, state);
create index ix_monitoring_alert_area on monitoring_alert (area_id, state, opened_at);
