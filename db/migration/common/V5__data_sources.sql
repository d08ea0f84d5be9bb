-- Feature store, part one: the data sources that feature groups and scheduled queries read.

create table data_source (
    id                uuid primary key,
    name              varchar(120)  not null,
    description       varchar(1000) not null,
    jdbc_url          varchar(1000) not null,
    driver_class      varchar(200)  not null,
    username          varchar(200),
    -- AES-GCM sealed with the portal's secrets key; never shown again, never logged
    password_sealed   varchar(1000),
    classification    varchar(8)    not null,
    owner_area_id     uuid references area (id),
    last_test_at      timestamp with time zone,
    last_test_ok      boolean,
    last_test_message varchar(1000),
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    version           bigint        not null,
    constraint uk_data_source_name unique (name),
    constraint ck_data_source_classification check (classification in ('SOR', 'SOT', 'SPEC'))
);
create index ix_data_source_owner on data_source (owner_area_id);
