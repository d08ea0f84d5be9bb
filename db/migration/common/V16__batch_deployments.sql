-- Batch deployments. A schedule may have its rows scored by another module's subject before they
-- are written (a batch deployment's live model): the scorer's type and the subject's id; such a
-- schedule belongs to that subject, one per subject.
alter table schedule add column scorer_type varchar(40);
alter table schedule add column scorer_subject varchar(200);
create unique index uk_schedule_scorer on schedule (scorer_type, scorer_subject);

-- What a batch release scores, as it was requested and approved: the input (a feature group's
-- published version, resolved to its source and query at request time, or a query on a data
-- source), the output table of the area's schema and the schedule.
create table deployment_batch (
    deployment_id         uuid          primary key references deployment (id),
    area_id               uuid          not null,
    input_kind            varchar(16)   not null,
    feature_group         varchar(120),
    feature_group_version integer,
    source_id             uuid          not null,
    query_sql             varchar(20000) not null,
    output_table          varchar(63)   not null,
    cron                  varchar(200)  not null,
    time_zone             varchar(60)   not null,
    business_calendar     varchar(20)   not null,
    constraint ck_deployment_batch_input check (input_kind in ('FEATURE_GROUP', 'QUERY'))
);
