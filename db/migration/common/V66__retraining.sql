-- Retraining: a model's policy (which monitor alerts recommend retraining, which job runs, whether a run
-- starts at once or waits for a person, how fresh its training window must be), the recommendations that
-- alerts raise (with their evidence and what became of them), and the comparisons of a retrained version
-- (the challenger) with the live champion on the same matured, labelled recent window.

create table retraining_policy (
    model_id            uuid primary key,
    area_id             uuid          not null references area (id),
    model_name          varchar(80)   not null,
    job_id              uuid          not null references training_job (id),
    on_drift            boolean       not null,
    on_performance      boolean       not null,
    on_estimate         boolean       not null,
    start_mode          varchar(12)   not null,
    window_days         integer       not null,
    label_delay_hours   integer       not null,
    set_by_id           uuid          not null,
    set_by              varchar(120)  not null,
    set_by_name         varchar(200)  not null,
    set_by_type         varchar(12)   not null,
    set_by_roles        varchar(200)  not null,
    updated_at          timestamp with time zone not null,
    row_version         bigint        not null,
    constraint ck_retraining_policy_mode check (start_mode in ('AUTOMATIC', 'PERSON')),
    constraint ck_retraining_policy_days check (window_days between 1 and 3650),
    constraint ck_retraining_policy_delay check (label_delay_hours between 0 and 8760)
);

create index ix_retraining_policy_area on retraining_policy (area_id);

create table retraining_recommendation (
    id                   uuid primary key,
    area_id              uuid          not null references area (id),
    model_id             uuid          not null,
    model_name           varchar(80)   not null,
    job_id               uuid          not null references training_job (id),
    job_name             varchar(80)   not null,
    alert_id             uuid          not null,
    alert_check          varchar(40)   not null,
    alert_message        varchar(2000) not null,
    alert_window         timestamp with time zone not null,
    alerts_seen          integer       not null,
    release_id           uuid          not null,
    deployment_name      varchar(80)   not null,
    champion_version_id  uuid          not null,
    champion_version     integer       not null,
    evidence             varchar(30000) not null,
    state                varchar(12)   not null,
    -- the model while the recommendation is under way (null once it is over): one such per model
    open_model_id        uuid,
    automatic            boolean       not null,
    window_from          timestamp with time zone not null,
    window_to            timestamp with time zone not null,
    created_at           timestamp with time zone not null,
    decided_by           varchar(120),
    decided_by_name      varchar(200),
    decided_at           timestamp with time zone,
    reason               varchar(2000),
    run_id               uuid,
    challenger_version_id uuid,
    challenger_version   integer,
    deployment_id        uuid,
    change_id            uuid,
    row_version          bigint        not null,
    constraint ck_retraining_recommendation_state check (state in ('OPEN', 'DECLINED', 'TRAINING', 'TRAINED', 'FAILED', 'PROMOTING'))
);

create unique index uk_retraining_recommendation_open on retraining_recommendation (open_model_id);
create index ix_retraining_recommendation_area on retraining_recommendation (area_id, created_at);
create index ix_retraining_recommendation_model on retraining_recommendation (model_id, created_at);
create index ix_retraining_recommendation_run on retraining_recommendation (run_id);

create table challenger_comparison (
    id                    uuid primary key,
    area_id               uuid          not null references area (id),
    model_id              uuid          not null,
    recommendation_id     uuid,
    release_id            uuid          not null,
    champion_version_id   uuid          not null,
    champion_version      integer       not null,
    challenger_version_id uuid          not null,
    challenger_version    integer       not null,
    window_from           timestamp with time zone not null,
    window_to             timestamp with time zone not null,
    state                 varchar(10)   not null,
    reason                varchar(2000),
    rows_compared         integer       not null,
    positives             integer       not null,
    result                varchar(30000) not null,
    computed_at           timestamp with time zone not null,
    constraint ck_challenger_comparison_state check (state in ('DONE', 'FAILED'))
);

create index ix_challenger_comparison_model on challenger_comparison (model_id, computed_at);
create index ix_challenger_comparison_recommendation on challenger_comparison (recommendation_id);

-- a run started by a recommendation: which one, and the training window it was given (in place of the job's)
alter table training_run add column recommendation_id uuid;
alter table training_run add column window_from timestamp with time zone;
alter table training_run add column window_to timestamp with time zone;
