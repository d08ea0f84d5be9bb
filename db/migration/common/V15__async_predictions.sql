-- Asynchronous predictions: a durable queue in the portal's database. A request names the release
-- the canary split picked when it was submitted; worker pools on every node claim requests with a
-- conditional update (so a request runs on one node at a time), hold them for a lease, and finish
-- them together with their prediction-log entry. A node that dies leaves a RUNNING row whose lease
-- lapses; another worker takes it again, up to a limit of attempts.
create table async_prediction (
    id                   uuid primary key,
    deployment_id        uuid             not null references deployment (id),
    endpoint             varchar(63)      not null,
    area_id              uuid             not null,
    input_rows           varchar(4000000) not null,
    row_count            integer          not null,
    callback             varchar(2000),
    state                varchar(8)       not null,
    result_json          varchar(4000000),
    error                varchar(2000),
    answered_by          uuid             references deployment (id),
    model_version_number integer,
    attempts             integer          default 0 not null,
    claimed_by           varchar(100),
    claim_id             uuid,
    lease_until          timestamp with time zone,
    created_at           timestamp with time zone not null,
    started_at           timestamp with time zone,
    finished_at          timestamp with time zone,
    requested_by         varchar(300)     not null,
    requested_by_id      uuid             not null,
    constraint ck_async_prediction_state check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED'))
);

create index ix_async_prediction_claimable on async_prediction (state, created_at);
create index ix_async_prediction_deployment on async_prediction (deployment_id, created_at);
