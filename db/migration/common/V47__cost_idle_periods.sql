-- Idle time of running workspaces: a period in which a running notebook had no activity and no busy
-- kernel beyond a grace (esteira.costs.idle-after), from the end of the grace until the next activity
-- seen or the workspace's stop. Workspace housekeeping writes it in the transaction of its check; the
-- idle waste report prices it with the ledger's rating, without storing lines. cost_idle_quantity is
-- what the workspace's compute held (vCPUs, GiB of memory, GPUs), as its usage interval holds.
-- open_key is the workspace id while the period is open, null once closed: at most one open period per
-- workspace on both databases (nulls are distinct in a unique constraint), so a repeated check or a
-- restart never opens a second one.
create table cost_idle_period (
    id               uuid primary key,
    area_id          uuid          not null references area (id),
    workspace_id     uuid          not null,
    workspace_name   varchar(200)  not null,
    person_id        uuid,
    person_name      varchar(200),
    last_activity_at timestamp with time zone not null,
    started_at       timestamp with time zone not null,
    ended_at         timestamp with time zone,
    end_reason       varchar(200),
    open_key         uuid,
    constraint uk_cost_idle_period_open unique (open_key),
    constraint ck_cost_idle_period check (ended_at is null or ended_at >= started_at)
);
create index ix_cost_idle_period_area_time on cost_idle_period (area_id, started_at);
create index ix_cost_idle_period_workspace on cost_idle_period (workspace_id);

create table cost_idle_quantity (
    idle_period_id uuid           not null references cost_idle_period (id) on delete cascade,
    sku            varchar(80)    not null,
    held           numeric(20, 6) not null,
    primary key (idle_period_id, sku),
    constraint ck_cost_idle_quantity_held check (held >= 0)
);
