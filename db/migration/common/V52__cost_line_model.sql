-- The model a ledger line is the cost of: its releases' replicas and predictions, its batch deployments' scoring runs,
-- its versions' artifacts and its releases' share of the prediction log (training runs once they are metered). The
-- metering module says so when it opens an interval or counts usage; rating carries it to the hourly lines and the
-- daily rollup, so that the costs page totals a month by model from the rollup. Null: not tied to a model
-- (workspaces, scheduled queries, feature groups' tables). The name is the model's when the usage was metered, as
-- resource and person names are.
alter table usage_record add column model_id uuid;
alter table usage_record add column model_name varchar(200);
alter table cost_line add column model_id uuid;
alter table cost_line add column model_name varchar(200);
alter table cost_day add column model_id uuid;
alter table cost_day add column model_name varchar(200);
alter table cost_demo_prediction add column model_id uuid;
alter table cost_demo_prediction add column model_name varchar(200);

-- What was metered before: a release's replicas are its model's ...
update usage_record set model_id = (select d.model_id from deployment d where d.id = usage_record.source_id),
                        model_name = (select d.model_name from deployment d where d.id = usage_record.source_id)
where source_type = 'deployment';
-- ... a version's artifact its model's, a release's share of the prediction log its model's ...
update usage_record set model_id = (select v.model_id from storage_measurement s join model_version v on v.id = s.resource_id
                                    where s.ledger_id = usage_record.source_id and s.source_type = 'storage-model-artifact'),
                        model_name = (select m.name from storage_measurement s join model_version v on v.id = s.resource_id
                                      join model m on m.id = v.model_id
                                      where s.ledger_id = usage_record.source_id and s.source_type = 'storage-model-artifact')
where source_type = 'storage-model-artifact';
update usage_record set model_id = (select d.model_id from storage_measurement s join deployment d on d.id = s.resource_id
                                    where s.ledger_id = usage_record.source_id and s.source_type = 'storage-prediction-log'),
                        model_name = (select d.model_name from storage_measurement s join deployment d on d.id = s.resource_id
                                      where s.ledger_id = usage_record.source_id and s.source_type = 'storage-prediction-log')
where source_type = 'storage-prediction-log';
-- ... and a batch deployment's run the model of the endpoint's newest release requested before the run started.
update usage_record set model_id = (select d.model_id from schedule_run r join schedule s on s.id = r.schedule_id
                                    join deployment d on s.scorer_type = 'deployment'
                                        and s.scorer_subject = cast(d.area_id as varchar(36)) || '/' || d.name
                                    where r.id = usage_record.source_id and d.requested_at <= r.started_at
                                    order by d.requested_at desc fetch first 1 rows only),
                        model_name = (select d.model_name from schedule_run r join schedule s on s.id = r.schedule_id
                                      join deployment d on s.scorer_type = 'deployment'
                                          and s.scorer_subject = cast(d.area_id as varchar(36)) || '/' || d.name
                                      where r.id = usage_record.source_id and d.requested_at <= r.started_at
                                      order by d.requested_at desc fetch first 1 rows only)
where source_type = 'batch-run';

-- The lines and rollups rated from them (closed months too: their amounts stay as they were, only what they were for is
-- added). Predictions are counted per release, whose id is the resource's.
update cost_line set model_id = (select d.model_id from deployment d where d.id = cost_line.resource_id),
                     model_name = (select d.model_name from deployment d where d.id = cost_line.resource_id)
where resource_kind in ('DEPLOYMENT', 'PREDICTIONS');
update cost_line set model_id = (select r.model_id from usage_record r where r.source_id = cost_line.resource_id
                                 and r.model_id is not null fetch first 1 rows only),
                     model_name = (select r.model_name from usage_record r where r.source_id = cost_line.resource_id
                                   and r.model_id is not null fetch first 1 rows only)
where resource_kind in ('STORAGE', 'BATCH_RUN');
update cost_day set model_id = (select d.model_id from deployment d where d.id = cost_day.resource_id),
                    model_name = (select d.model_name from deployment d where d.id = cost_day.resource_id)
where resource_kind in ('DEPLOYMENT', 'PREDICTIONS');
update cost_day set model_id = (select r.model_id from usage_record r where r.source_id = cost_day.resource_id
                                and r.model_id is not null fetch first 1 rows only),
                    model_name = (select r.model_name from usage_record r where r.source_id = cost_day.resource_id
                                  and r.model_id is not null fetch first 1 rows only)
where resource_kind in ('STORAGE', 'BATCH_RUN');
