-- Issue 15: ground truth that arrives late, matched to the prediction it labels by request id and row.
create table prediction_label (
    deployment_id uuid          not null references deployment (id),
    request_id    uuid          not null,
    row_index     integer       not null,
    area_id       uuid          not null,
    label_text    varchar(200)  not null,
    label_number  double precision,
    labelled_at   timestamp with time zone not null,
    received_at   timestamp with time zone not null,
    received_from varchar(20)   not null,
    primary key (deployment_id, request_id, row_index)
);
create index ix_prediction_label_labelled on prediction_label (deployment_id, labelled_at);
