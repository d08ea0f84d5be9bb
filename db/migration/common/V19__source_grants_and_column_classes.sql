-- Issue 14, finding 2: data-access rules for SQL on data sources.

-- Which areas may query a platform-wide source, and in which schema ('*': every schema). An area
-- always queries the sources it owns. A source without grants is queried by no area.
create table source_grant (
    source_id   uuid          not null references data_source (id) on delete cascade,
    area_id     uuid          not null references area (id),
    schema_name varchar(120)  not null,
    granted_by  varchar(120)  not null,
    granted_at  timestamp with time zone not null,
    primary key (source_id, area_id, schema_name)
);
create index ix_source_grant_area on source_grant (area_id);

-- Before this migration every area queried every platform-wide source: upgrades keep that, and an
-- administrator narrows it from here.
insert into source_grant (source_id, area_id, schema_name, granted_by, granted_at)
select s.id, a.id, '*', 'upgrade to V19', current_timestamp
from data_source s cross join area a
where s.owner_area_id is null;

-- Columns of a source that are personal data of an area, classified by an administrator (feature
-- groups classify their own source columns as well, from their personal-data features).
create table source_column_class (
    source_id     uuid          not null references data_source (id) on delete cascade,
    schema_name   varchar(120)  not null,
    table_name    varchar(120)  not null,
    column_name   varchar(120)  not null,
    owner_area_id uuid          not null references area (id),
    classified_by varchar(120)  not null,
    classified_at timestamp with time zone not null,
    primary key (source_id, schema_name, table_name, column_name)
);
