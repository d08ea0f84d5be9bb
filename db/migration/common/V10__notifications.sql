-- Notifications: what the portal told whom (the in-portal inbox), and its delivery by e-mail and
-- webhook, one row per channel, retried with backoff until sent or given up.

create table notification (
    id           uuid primary key,
    area_id      uuid          references area (id),
    recipient_id uuid          not null references app_user (id),
    topic        varchar(80)   not null,
    subject      varchar(200)  not null,
    body         varchar(4000) not null,
    link         varchar(500),
    payload      varchar(20000),
    created_at   timestamp with time zone not null,
    read_at      timestamp with time zone
);
create index ix_notification_recipient on notification (recipient_id, created_at);
create index ix_notification_unread on notification (recipient_id, read_at);

create table notification_delivery (
    id              uuid primary key,
    notification_id uuid          not null references notification (id) on delete cascade,
    channel         varchar(10)   not null,
    target          varchar(2000) not null,
    state           varchar(10)   not null,
    attempts        integer       not null,
    next_attempt_at timestamp with time zone not null,
    claimed_until   timestamp with time zone,
    last_error      varchar(2000),
    created_at      timestamp with time zone not null,
    sent_at         timestamp with time zone,
    constraint ck_delivery_channel check (channel in ('EMAIL', 'WEBHOOK')),
    constraint ck_delivery_state check (state in ('PENDING', 'SENT', 'FAILED'))
);
create index ix_delivery_due on notification_delivery (state, next_attempt_at);
create index ix_delivery_notification on notification_delivery (notification_id);
