-- The embedded default's demo cost history (esteira.demo.costs.enabled): months of usage written through the usage
-- ledger with past times, so that the cost screens open on trends, a forecast, budget alerts and closed months.

-- Intervals the demo history wrote (never real usage): an administrator can tell them apart, or delete them.
alter table usage_record add column demo boolean default false not null;

-- The rows the demo history's releases predicted per hour: counted usage for the rating job, as the prediction log is
-- for real releases (the demo's releases are not deployments: they have no model, no endpoint and no log).
create table cost_demo_prediction (
    resource_id   uuid           not null,
    hour_start    timestamp with time zone not null,
    area_id       uuid           not null references area (id),
    resource_name varchar(200)   not null,
    person_id     uuid,
    person_name   varchar(200),
    row_count     bigint         not null,
    primary key (resource_id, hour_start),
    constraint ck_cost_demo_prediction_rows check (row_count > 0)
);
create index ix_cost_demo_prediction_hour on cost_demo_prediction (hour_start);

-- One row: when the history ends (the time it was written up to), when its usage was written, and when everything that
-- follows from it (rating, closed months with their statements, budgets, alerts) was done. A later start adds nothing.
create table cost_demo_history (
    id          integer primary key,
    anchor      timestamp with time zone not null,
    written_at  timestamp with time zone not null,
    intervals   integer        not null,
    finished_at timestamp with time zone
);
