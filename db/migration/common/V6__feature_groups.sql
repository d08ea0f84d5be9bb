-- Feature store, part two: feature groups by business domain (area), their versions, features,
-- validation rules and statistics.

create table feature_group (
    id          uuid primary key,
    area_id     uuid          not null references area (id),
    name        varchar(80)   not null,
    description varchar(2000) not null,
    tags        varchar(500)  not null,
    owner_id    uuid          not null,
    owner_name  varchar(200)  not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    version     bigint        not null,
    constraint uk_feature_group_name unique (name)
);
create index ix_feature_group_area on feature_group (area_id);

create table feature_group_version (
    id                 uuid primary key,
    group_id           uuid          not null references feature_group (id),
    number             integer       not null,
    status             varchar(12)   not null,
    source_id          uuid          not null references data_source (id),
    source_schema      varchar(200),
    source_table       varchar(200),
    source_sql         varchar(20000),
    entity_keys        varchar(1000) not null,
    event_time_column  varchar(200)  not null,
    statistics_state   varchar(12)   not null,
    statistics_rows    bigint,
    statistics_error   varchar(1000),
    statistics_at      timestamp with time zone,
    created_by         varchar(120)  not null,
    created_at         timestamp with time zone not null,
    published_at       timestamp with time zone,
    deprecated_at      timestamp with time zone,
    row_version        bigint        not null,
    constraint uk_feature_group_version unique (group_id, number),
    constraint ck_feature_group_version_status check (status in ('DRAFT', 'PUBLISHED', 'DEPRECATED')),
    constraint ck_feature_group_statistics check (statistics_state in ('PENDING', 'RUNNING', 'DONE', 'FAILED'))
);

create table feature (
    version_id     uuid          not null references feature_group_version (id) on delete cascade,
    position       integer       not null,
    name           varchar(120)  not null,
    type           varchar(12)   not null,
    description    varchar(1000) not null,
    unit           varchar(40),
    pii            boolean       not null,
    not_null       boolean       not null,
    min_value      double precision,
    max_value      double precision,
    allowed_values varchar(2000),
    primary key (version_id, position)
);

-- One row per column of a version: the entity keys, the event time and the features.
create table feature_statistics (
    version_id uuid          not null references feature_group_version (id) on delete cascade,
    column_name varchar(200) not null,
    value_count bigint       not null,
    null_count  bigint       not null,
    distinct_count bigint    not null,
    min_value  varchar(200),
    max_value  varchar(200),
    mean       double precision,
    stddev     double precision,
    quantiles  varchar(2000),
    histogram  varchar(4000),
    violations bigint        not null,
    primary key (version_id, column_name)
);
