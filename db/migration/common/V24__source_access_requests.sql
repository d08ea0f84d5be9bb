-- Issue 14, finding 2 (rest): grants down to one table, and access requests for data sources.

-- A grant covers a schema of a source, or one table of it ('*' in table_name: every table of the
-- schema). The primary key gains the table, so the table is rebuilt (portable across H2 and PostgreSQL).
create table source_grant_by_table (
    source_id   uuid          not null references data_source (id) on delete cascade,
    area_id     uuid          not null references area (id),
    schema_name varchar(120)  not null,
    table_name  varchar(120)  not null,
    granted_by  varchar(120)  not null,
    granted_at  timestamp with time zone not null,
    primary key (source_id, area_id, schema_name, table_name)
);
insert into source_grant_by_table (source_id, area_id, schema_name, table_name, granted_by, granted_at)
select source_id, area_id, schema_name, '*', granted_by, granted_at from source_grant;
drop table source_grant;
alter table source_grant_by_table rename to source_grant;
create index ix_source_grant_area_by_table on source_grant (area_id);

-- An area asks for what a refused query needed: a grant on a source (decided by an administrator)
-- or personal-data columns an administrator classified as another area's (decided by that area's
-- manager). An approved grant request becomes a source_grant; an approved column request lets the
-- area read those columns.
create table source_access_request (
    id                uuid          primary key,
    source_id         uuid          not null references data_source (id) on delete cascade,
    kind              varchar(20)   not null,
    requester_area_id uuid          not null references area (id),
    owner_area_id     uuid          references area (id),
    schema_name       varchar(120)  not null,
    table_name        varchar(120)  not null,
    columns_list      varchar(2000),
    justification     varchar(2000) not null,
    state             varchar(20)   not null,
    requested_by      varchar(120)  not null,
    requested_by_name varchar(200)  not null,
    requested_at      timestamp with time zone not null,
    decided_by        varchar(120),
    decided_by_name   varchar(200),
    decided_at        timestamp with time zone,
    decision_comment  varchar(2000),
    row_version       bigint        not null default 0
);
create index ix_source_access_request_source on source_access_request (source_id, state);
create index ix_source_access_request_requester on source_access_request (requester_area_id, state);
create index ix_source_access_request_owner on source_access_request (owner_area_id, state);
