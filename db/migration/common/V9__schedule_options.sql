-- Scheduled queries, second part: business-day calendars, automatic retries with backoff, the
-- misfire policy, a deadline and failure notifications per schedule; and the alerts raised, one per
-- schedule, fire time and kind, so that a node never raises the same alert twice.

alter table schedule add column business_calendar varchar(20) default 'NONE' not null;
alter table schedule add column retries integer default 0 not null;
alter table schedule add column retry_delay_seconds integer default 60 not null;
alter table schedule add column misfire_policy varchar(10) default 'RUN_ONCE' not null;
alter table schedule add column deadline_minutes integer;
alter table schedule add column notify_on_failure boolean default true not null;
alter table schedule add column webhook_url varchar(2000);
-- what a run did, line by line, for its history
alter table schedule_run add column run_log varchar(8000);

create table schedule_alert (
    id            uuid primary key,
    schedule_id   uuid         not null references schedule (id) on delete cascade,
    area_id       uuid         not null,
    scheduled_for timestamp with time zone not null,
    kind          varchar(20)  not null,
    run_id        uuid,
    message       varchar(4000) not null,
    raised_at     timestamp with time zone not null,
    constraint uk_schedule_alert unique (schedule_id, scheduled_for, kind),
    constraint ck_schedule_alert_kind check (kind in ('FAILED', 'DEADLINE_MISSED'))
);
create index ix_schedule_alert_area on schedule_alert (area_id, raised_at);
