-- Sign-in throttling of local accounts, shared by every portal node and kept across restarts.
-- One row per subject: 'account:<user name as typed, lower-cased>', 'address:<client address>', or
-- 'all' (every failure, for the burst alert). A row whose expires_at has passed means nothing any more.
-- Runs on H2 (MODE=PostgreSQL) and PostgreSQL.

create table sign_in_throttle (
    subject           varchar(300) primary key,
    failures          integer      not null,
    window_started_at timestamp with time zone not null,
    last_failure_at   timestamp with time zone not null,
    not_before        timestamp with time zone,
    locked_until      timestamp with time zone,
    alerted_at        timestamp with time zone,
    alerts            integer      not null,
    expires_at        timestamp with time zone not null
);
create index ix_sign_in_throttle_expiry on sign_in_throttle (expires_at);
