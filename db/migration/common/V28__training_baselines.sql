-- Issue 15: a model version's training baseline, the default reference of drift: a profile per input
-- feature, built from the feature-group versions its lineage names when it first goes live.
create table training_baseline (
    model_version_id uuid          not null,
    column_name      varchar(200)  not null,
    column_role      varchar(10)   not null,
    kind             varchar(12)   not null,
    row_count        bigint        not null,
    profile          bytea         not null,
    built_from       varchar(400)  not null,
    built_at         timestamp with time zone not null,
    primary key (model_version_id, column_name, column_role),
    constraint ck_training_baseline_role check (column_role in ('INPUT', 'OUTPUT')),
    constraint ck_training_baseline_kind check (kind in ('NUMERIC', 'CATEGORICAL'))
);
