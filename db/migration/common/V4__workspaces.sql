-- Workspaces: sizes, templates, quotas, workspaces; and the first part of the cost capability,
-- the rate card and the usage ledger that workspaces write and the cost capability will price.

create table rate (
    id         uuid primary key,
    area_id    uuid references area (id),
    resource   varchar(60)    not null,
    currency   varchar(3)     not null,
    unit_price numeric(19, 6) not null,
    constraint ck_rate_price check (unit_price >= 0)
);
create index ix_rate_area on rate (area_id);

create table usage_record (
    id          uuid primary key,
    area_id     uuid         not null references area (id),
    source_type varchar(40)  not null,
    source_id   uuid         not null,
    source_name varchar(200) not null,
    owner_id    uuid,
    owner_name  varchar(200),
    sku         varchar(200) not null,
    vcpu        integer      not null,
    memory_gib  integer      not null,
    gpu_type    varchar(40),
    gpu_count   integer      not null,
    disk_gib    integer      not null,
    started_at  timestamp with time zone not null,
    ended_at    timestamp with time zone,
    end_reason  varchar(200),
    constraint ck_usage_interval check (ended_at is null or ended_at >= started_at)
);
create index ix_usage_area_time on usage_record (area_id, started_at);
create index ix_usage_source on usage_record (source_type, source_id);

create table workspace_size (
    code       varchar(32) primary key,
    label      varchar(80) not null,
    vcpu       integer     not null,
    memory_gib integer     not null,
    gpu_type   varchar(40),
    gpu_count  integer     not null,
    disk_gib   integer     not null,
    sort_order integer     not null
);

create table workspace_template (
    id                   uuid primary key,
    name                 varchar(120)  not null,
    description          varchar(1000) not null,
    image                varchar(300)  not null,
    provisioner          varchar(32)   not null,
    idle_timeout_minutes integer       not null,
    max_lifetime_hours   integer       not null,
    active               boolean       not null,
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    version              bigint        not null,
    constraint uk_workspace_template_name unique (name),
    constraint ck_template_idle check (idle_timeout_minutes between 1 and 10080),
    constraint ck_template_lifetime check (max_lifetime_hours between 1 and 8760)
);

create table workspace_template_size (
    template_id uuid        not null references workspace_template (id) on delete cascade,
    size_code   varchar(32) not null references workspace_size (code),
    primary key (template_id, size_code)
);

-- No rows for a template: every area may use it.
create table workspace_template_area (
    template_id uuid not null references workspace_template (id) on delete cascade,
    area_id     uuid not null references area (id),
    primary key (template_id, area_id)
);

-- No rows for a template: everyone who works in an area may use it.
create table workspace_template_role (
    template_id uuid        not null references workspace_template (id) on delete cascade,
    role        varchar(32) not null,
    primary key (template_id, role)
);

-- One row per area, created with the defaults at its first workspace; locked while a request is checked.
create table workspace_quota (
    area_id             uuid primary key references area (id),
    area_workspaces     integer not null,
    area_vcpu           integer not null,
    area_gpus           integer not null,
    user_workspaces     integer not null,
    user_vcpu           integer not null,
    user_gpus           integer not null,
    version             bigint  not null
);

create table workspace (
    id                   uuid primary key,
    area_id              uuid          not null references area (id),
    area_code            varchar(32)   not null,
    name                 varchar(63)   not null,
    -- the name while the workspace exists; null once deleted, so that the name can be used again
    live_name            varchar(63),
    owner_id             uuid          not null,
    owner_username       varchar(120)  not null,
    owner_name           varchar(200)  not null,
    template_id          uuid          not null references workspace_template (id),
    template_name        varchar(120)  not null,
    provisioner          varchar(32)   not null,
    image                varchar(300)  not null,
    size_code            varchar(32)   not null,
    vcpu                 integer       not null,
    memory_gib           integer       not null,
    gpu_type             varchar(40),
    gpu_count            integer       not null,
    disk_gib             integer       not null,
    state                varchar(20)   not null,
    state_reason         varchar(1000),
    idle_timeout_minutes integer       not null,
    max_lifetime_hours   integer       not null,
    expires_at           timestamp with time zone not null,
    lifetime_warned_at   timestamp with time zone,
    git_repository       varchar(500),
    access_token         varchar(100)  not null,
    runtime_handle       varchar(300),
    address              varchar(300),
    host_node            varchar(120),
    last_activity_at     timestamp with time zone,
    busy_kernels         integer       not null,
    extensions           integer       not null,
    created_at           timestamp with time zone not null,
    state_changed_at     timestamp with time zone not null,
    version              bigint        not null,
    constraint uk_workspace_live_name unique (area_id, live_name)
);
create index ix_workspace_area_state on workspace (area_id, state);
create index ix_workspace_owner on workspace (owner_id);
create index ix_workspace_state on workspace (state);

insert into workspace_size (code, label, vcpu, memory_gib, gpu_type, gpu_count, disk_gib, sort_order) values
    ('XS', 'Extra small', 1, 2, null, 0, 10, 10),
    ('S', 'Small', 2, 8, null, 0, 20, 20),
    ('M', 'Medium', 4, 16, null, 0, 50, 30),
    ('L', 'Large', 8, 32, null, 0, 100, 40),
    ('GPU-T4', 'GPU · T4', 8, 32, 'nvidia-t4', 1, 100, 50),
    ('GPU-A100', 'GPU · A100', 16, 64, 'nvidia-a100', 1, 200, 60);

-- The platform's default rate card, per currency an area may budget in; areas may get their own rows.
insert into rate (id, area_id, resource, currency, unit_price) values
    ('00000000-0000-0000-0001-000000000001', null, 'VCPU_HOUR', 'EUR', 0.040000),
    ('00000000-0000-0000-0001-000000000002', null, 'MEMORY_GIB_HOUR', 'EUR', 0.005000),
    ('00000000-0000-0000-0001-000000000003', null, 'DISK_GIB_MONTH', 'EUR', 0.100000),
    ('00000000-0000-0000-0001-000000000004', null, 'GPU_HOUR:nvidia-t4', 'EUR', 0.450000),
    ('00000000-0000-0000-0001-000000000005', null, 'GPU_HOUR:nvidia-a100', 'EUR', 2.900000),
    ('00000000-0000-0000-0002-000000000001', null, 'VCPU_HOUR', 'USD', 0.043000),
    ('00000000-0000-0000-0002-000000000002', null, 'MEMORY_GIB_HOUR', 'USD', 0.005400),
    ('00000000-0000-0000-0002-000000000003', null, 'DISK_GIB_MONTH', 'USD', 0.108000),
    ('00000000-0000-0000-0002-000000000004', null, 'GPU_HOUR:nvidia-t4', 'USD', 0.490000),
    ('00000000-0000-0000-0002-000000000005', null, 'GPU_HOUR:nvidia-a100', 'USD', 3.150000),
    ('00000000-0000-0000-0003-000000000001', null, 'VCPU_HOUR', 'BRL', 0.240000),
    ('00000000-0000-0000-0003-000000000002', null, 'MEMORY_GIB_HOUR', 'BRL', 0.030000),
    ('00000000-0000-0000-0003-000000000003', null, 'DISK_GIB_MONTH', 'BRL', 0.600000),
    ('00000000-0000-0000-0003-000000000004', null, 'GPU_HOUR:nvidia-t4', 'BRL', 2.700000),
    ('00000000-0000-0000-0003-000000000005', null, 'GPU_HOUR:nvidia-a100', 'BRL', 17.400000),
    ('00000000-0000-0000-0004-000000000001', null, 'VCPU_HOUR', 'GBP', 0.034000),
    ('00000000-0000-0000-0004-000000000002', null, 'MEMORY_GIB_HOUR', 'GBP', 0.004300),
    ('00000000-0000-0000-0004-000000000003', null, 'DISK_GIB_MONTH', 'GBP', 0.085000),
    ('00000000-0000-0000-0004-000000000004', null, 'GPU_HOUR:nvidia-t4', 'GBP', 0.380000),
    ('00000000-0000-0000-0004-000000000005', null, 'GPU_HOUR:nvidia-a100', 'GBP', 2.450000),
    ('00000000-0000-0000-0005-000000000001', null, 'VCPU_HOUR', 'CHF', 0.038000),
    ('00000000-0000-0000-0005-000000000002', null, 'MEMORY_GIB_HOUR', 'CHF', 0.004700),
    ('00000000-0000-0000-0005-000000000003', null, 'DISK_GIB_MONTH', 'CHF', 0.094000),
    ('00000000-0000-0000-0005-000000000004', null, 'GPU_HOUR:nvidia-t4', 'CHF', 0.420000),
    ('00000000-0000-0000-0005-000000000005', null, 'GPU_HOUR:nvidia-a100', 'CHF', 2.720000);
