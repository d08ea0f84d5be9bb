-- Issue 15: drift of each input feature (and output) of a release per window against its baseline,
-- with how it was computed, so that recomputing a row gives the same numbers. column_name '*' is the
-- dataset drift (the share of features in breach).
create table drift_result (
    deployment_id   uuid          not null references deployment (id),
    area_id         uuid          not null,
    version_number  integer       not null,
    column_name     varchar(200)  not null,
    column_role     varchar(10)   not null,
    segment         varchar(400)  not null,
    granularity     varchar(8)    not null,
    window_start    timestamp with time zone not null,
    window_end      timestamp with time zone not null,
    baseline        varchar(100)  not null,
    verdict         varchar(20)   not null,
    psi             double precision,
    js_divergence   double precision,
    ks_d            double precision,
    ks_p            double precision,
    wasserstein     double precision,
    chi_square      double precision,
    chi_square_p    double precision,
    noise_floor     double precision,
    baseline_rows   bigint        not null,
    window_rows     bigint        not null,
    explanation     varchar(400)  not null,
    method          varchar(600)  not null,
    computed_at     timestamp with time zone not null,
    primary key (deployment_id, column_name, column_role, segment, granularity, window_start, baseline),
    constraint ck_drift_result_granularity check (granularity in ('HOUR', 'DAY'))
);
create index ix_drift_result_window on drift_result (deployment_id, granularity, window_start);
