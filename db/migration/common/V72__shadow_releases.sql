-- A release can run in SHADOW: it scores a mirror of the calls its endpoint's live release answers,
-- answers none of them, and its predictions go to the prediction log (channel SHADOW) and to
-- monitoring. What it answered is compared with what the live release answered, call by call.

alter table deployment drop constraint ck_deployment_state;
alter table deployment add constraint ck_deployment_state
    check (state in ('PENDING_APPROVAL', 'APPROVED', 'DEPLOYING', 'LIVE', 'SHADOW', 'FAILED', 'REJECTED', 'RETIRED'));
alter table deployment drop constraint ck_deployment_rollout;
alter table deployment add constraint ck_deployment_rollout check (rollout in ('ALL_AT_ONCE', 'CANARY', 'ROLLBACK', 'SHADOW'));

alter table prediction_log drop constraint ck_prediction_log_channel;
alter table prediction_log add constraint ck_prediction_log_channel check (channel in ('SYNC', 'ASYNC', 'BATCH', 'SHADOW'));

-- Running sums of a shadow release's comparison with the live answers (one row per shadow release;
-- added to by every node that mirrors a call).
create table shadow_comparison (
    release_id             uuid primary key references deployment (id),
    area_id                uuid          not null,
    calls                  bigint        not null,
    rows_compared          bigint        not null,
    rows_agreed            bigint        not null,
    scores_compared        bigint        not null,
    score_difference_sum   double precision not null,
    shadow_latency_sum     bigint        not null,
    live_latency_sum       bigint        not null,
    failed_calls           bigint        not null,
    first_at               timestamp with time zone not null,
    last_at                timestamp with time zone not null
);
create index ix_shadow_comparison_area on shadow_comparison (area_id);
