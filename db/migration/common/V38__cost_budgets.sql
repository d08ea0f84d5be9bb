-- Budgets of areas (and optionally of models within an area), their alert thresholds, the area's
-- policy for requests that would go over, and the alerts raised (once per month, budget, kind and
-- threshold: the unique key makes the hourly check idempotent, on every node).

-- A budget row of an area: scope_key '*' for the area itself (overriding the area's default
-- budget_amount), or a model's id for a model within the area. Thresholds are whole percentages,
-- comma separated: of the month's actual cost, and of the month's forecast.
create table cost_budget (
    id                   uuid primary key,
    area_id              uuid           not null references area (id),
    scope_key            varchar(36)    not null,
    model_id             uuid,
    model_name           varchar(200),
    amount               numeric(19, 2) not null,
    currency             varchar(3)     not null,
    actual_thresholds    varchar(100)   not null,
    forecast_thresholds  varchar(100)   not null,
    updated_by           varchar(200)   not null,
    updated_at           timestamp with time zone not null,
    constraint uk_cost_budget unique (area_id, scope_key),
    constraint ck_cost_budget_amount check (amount >= 0)
);

-- What happens to a request that would take the area over its budget (administrators set it), and
-- the area's webhook for budget alerts (managers set it). No row: WARN, no webhook.
create table cost_budget_policy (
    area_id     uuid primary key references area (id),
    policy      varchar(8)     not null,
    webhook_url varchar(2000),
    updated_by  varchar(200)   not null,
    updated_at  timestamp with time zone not null,
    constraint ck_cost_budget_policy check (policy in ('WARN', 'REFUSE'))
);

create table cost_budget_alert (
    id            uuid primary key,
    area_id       uuid           not null references area (id),
    scope_key     varchar(36)    not null,
    scope_name    varchar(200)   not null,
    month_start   date           not null,
    kind          varchar(10)    not null,
    threshold     integer        not null,
    amount        numeric(30, 10) not null,
    budget_amount numeric(19, 2) not null,
    currency      varchar(3)     not null,
    raised_at     timestamp with time zone not null,
    constraint uk_cost_budget_alert unique (area_id, scope_key, month_start, kind, threshold),
    constraint ck_cost_budget_alert_kind check (kind in ('ACTUAL', 'FORECAST'))
);
create index ix_cost_budget_alert_area on cost_budget_alert (area_id, month_start);
