-- Issue 15: realised and estimated performance of a release per window, once its late labels are in.

-- When the labelled prediction was made: the window a label belongs to (the prediction's, not the label's).
alter table prediction_label add column predicted_at timestamp with time zone;
update prediction_label set predicted_at = (select min(p.created_at) from prediction_log p
    where p.request_id = prediction_label.request_id and p.deployment_id = prediction_label.deployment_id);
update prediction_label set predicted_at = labelled_at where predicted_at is null;
alter table prediction_label alter column predicted_at set not null;
create index ix_prediction_label_predicted on prediction_label (deployment_id, predicted_at);

-- When a window is mature (label coverage, or its end older than the delay), the thresholds that alert
-- on performance (null: off), and a label source: a query on a data source returning request id, row,
-- label and labelled-at, imported every label_query_minutes.
alter table monitor add column maturity_coverage double precision default 0.8 not null;
alter table monitor add column maturity_delay_hours integer default 168 not null;
alter table monitor add column minimum_auc double precision default 0.7;
alter table monitor add column maximum_mape double precision;
alter table monitor add column label_source_id uuid;
alter table monitor add column label_query varchar(4000);
alter table monitor add column label_query_minutes integer;
alter table monitor add column label_query_by varchar(120);
alter table monitor add column label_query_last_run timestamp with time zone;
alter table monitor add column label_query_last_outcome varchar(1000);
alter table monitor add constraint ck_monitor_maturity check (maturity_coverage > 0 and maturity_coverage <= 1 and maturity_delay_hours > 0);

-- One row per release, window and granularity. Realised metrics only once the window is mature, over the
-- labelled rows whose prediction outputs the log kept (labelled_scored_rows); the estimate (CBPE, from the
-- score sketch) is always there for classifiers. calibration holds the deciles as JSON.
create table performance_result (
    deployment_id        uuid          not null references deployment (id),
    area_id              uuid          not null,
    version_number       integer       not null,
    granularity          varchar(8)    not null,
    window_start         timestamp with time zone not null,
    window_end           timestamp with time zone not null,
    task                 varchar(20)   not null,
    predicted_rows       bigint        not null,
    labelled_rows        bigint        not null,
    labelled_scored_rows bigint        not null,
    coverage             double precision,
    maturity             varchar(10)   not null,
    threshold            double precision,
    positives            bigint,
    auc                  double precision,
    ks                   double precision,
    precision_at         double precision,
    recall_at            double precision,
    f1_at                double precision,
    brier                double precision,
    calibration          varchar(4000),
    mae                  double precision,
    rmse                 double precision,
    mape                 double precision,
    estimated_rows       bigint,
    estimated_auc        double precision,
    estimated_precision  double precision,
    estimated_recall     double precision,
    estimated_f1         double precision,
    estimated_accuracy   double precision,
    explanation          varchar(400)  not null,
    method               varchar(1000) not null,
    computed_at          timestamp with time zone not null,
    primary key (deployment_id, granularity, window_start),
    constraint ck_performance_result_granularity check (granularity in ('HOUR', 'DAY')),
    constraint ck_performance_result_maturity check (maturity in ('IMMATURE', 'MATURE'))
);

-- Hours whose labels changed since their windows were last evaluated: the evaluation job (and the
-- listener of new labels) evaluates their HOUR and DAY windows again and deletes the row, unless new
-- labels marked it again meanwhile (mark changes with every batch).
create table performance_due (
    deployment_id uuid not null references deployment (id),
    hour_start    timestamp with time zone not null,
    mark          uuid not null,
    primary key (deployment_id, hour_start)
);
