-- Shared pools, the monthly close and statements.
-- A pool is platform overhead an administrator prices per month and distributes over the areas by a rule:
-- PROPORTIONAL to their direct cost, EVEN, or FIXED percentages (cost_pool_share, summing to 100).
create table cost_pool (
    id          uuid primary key,
    month_start date           not null,
    name        varchar(120)   not null,
    amount      numeric(20, 2) not null,
    currency    varchar(3)     not null,
    distribution varchar(16)    not null,
    updated_by  varchar(200)   not null,
    updated_at  timestamp with time zone not null,
    constraint uk_cost_pool unique (month_start, name),
    constraint ck_cost_pool_amount check (amount >= 0)
);

create table cost_pool_share (
    pool_id uuid          not null references cost_pool (id) on delete cascade,
    area_id uuid          not null references area (id),
    share_percent numeric(9, 4) not null,
    primary key (pool_id, area_id),
    constraint ck_cost_pool_share check (share_percent >= 0 and share_percent <= 100)
);

-- What the close found, per currency: the areas' statements, the pools' cents no area carries, and their sum.
create table cost_month_total (
    month_start    date           not null,
    currency       varchar(3)     not null,
    areas_total    numeric(20, 2) not null,
    unallocated    numeric(20, 2) not null,
    platform_total numeric(20, 2) not null,
    primary key (month_start, currency)
);

-- A correction: the difference between a closed month's frozen lines (plus earlier corrections) and what the
-- ledger's rating gives for them now (an interval of the closed month closed late, say), carried by the next
-- month closed (month_start) with the month it corrects.
create table cost_correction (
    id              uuid primary key,
    area_id         uuid           not null references area (id),
    month_start     date           not null,
    corrected_month date           not null,
    hour_start      timestamp with time zone not null,
    resource_kind   varchar(32)    not null,
    resource_id     uuid           not null,
    resource_name   varchar(200)   not null,
    person_id       uuid,
    person_name     varchar(200),
    sku             varchar(80)    not null,
    quantity        numeric(30, 10) not null,
    unit            varchar(40)    not null,
    unit_price      numeric(24, 10) not null,
    amount          numeric(30, 10) not null,
    currency        varchar(3)     not null,
    found_at        timestamp with time zone not null
);
create index ix_cost_correction_area_month on cost_correction (area_id, month_start);
create index ix_cost_correction_corrected on cost_correction (corrected_month);

-- One statement per area and closed month, numbered gaplessly per month (ST-2026-11-CREDIT-0001), never changed.
create table cost_statement (
    id               uuid primary key,
    statement_number varchar(80)    not null,
    month_start      date           not null,
    seq              integer        not null,
    area_id          uuid           not null references area (id),
    area_code        varchar(40)    not null,
    area_name        varchar(200)   not null,
    cost_center      varchar(80),
    currency         varchar(3)     not null,
    direct_total     numeric(20, 2) not null,
    correction_total numeric(20, 2) not null,
    pool_total       numeric(20, 2) not null,
    total            numeric(20, 2) not null,
    ledger_exact     numeric(30, 10) not null,
    ledger_lines     bigint         not null,
    sha256           varchar(64)    not null,
    issued_at        timestamp with time zone not null,
    issued_by        varchar(200)   not null,
    constraint uk_cost_statement_number unique (statement_number),
    constraint uk_cost_statement_area unique (month_start, area_id),
    constraint uk_cost_statement_seq unique (month_start, seq)
);

-- Its lines: per resource kind, SKU and person (DIRECT and CORRECTION, cents by largest remainder so that
-- they add up to the exact ledger sum rounded once) and per pool (POOL).
create table cost_statement_line (
    statement_id    uuid           not null references cost_statement (id),
    line_no         integer        not null,
    section         varchar(16)    not null,
    resource_kind   varchar(32),
    sku             varchar(80),
    person_name     varchar(200),
    corrected_month date,
    description     varchar(300)   not null,
    quantity        numeric(30, 10),
    unit            varchar(40),
    exact_amount    numeric(30, 10) not null,
    amount          numeric(20, 2) not null,
    primary key (statement_id, line_no)
);
