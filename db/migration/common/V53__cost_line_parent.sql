-- What a ledger resource is part of: a run of a scheduled query or of a batch deployment is metered as a resource of
-- its own (one per run), and belongs to its schedule (a batch deployment's schedule is the endpoint's). The costs page
-- lists a schedule's runs as one resource. Null: the resource stands on its own.
alter table usage_record add column parent_id uuid;
alter table cost_line add column parent_id uuid;
alter table cost_day add column parent_id uuid;

update usage_record set parent_id = (select r.schedule_id from schedule_run r where r.id = usage_record.source_id)
where source_type in ('schedule-run', 'batch-run');
-- the demo cost history's runs have no schedule: those of one name in an area belong together, under the first of them
update usage_record set parent_id = (select u.source_id from usage_record u where u.demo and u.area_id = usage_record.area_id
                                     and u.source_type = usage_record.source_type and u.source_name = usage_record.source_name
                                     order by u.started_at, u.source_id fetch first 1 rows only)
where demo and parent_id is null and source_type in ('schedule-run', 'batch-run');

update cost_line set parent_id = (select r.parent_id from usage_record r where r.source_type = 'schedule-run'
                                  and r.source_id = cost_line.resource_id fetch first 1 rows only)
where resource_kind = 'SCHEDULE_RUN';
update cost_line set parent_id = (select r.parent_id from usage_record r where r.source_type = 'batch-run'
                                  and r.source_id = cost_line.resource_id fetch first 1 rows only)
where resource_kind = 'BATCH_RUN';
update cost_day set parent_id = (select r.parent_id from usage_record r where r.source_type = 'schedule-run'
                                 and r.source_id = cost_day.resource_id fetch first 1 rows only)
where resource_kind = 'SCHEDULE_RUN';
update cost_day set parent_id = (select r.parent_id from usage_record r where r.source_type = 'batch-run'
                                 and r.source_id = cost_day.resource_id fetch first 1 rows only)
where resource_kind = 'BATCH_RUN';
