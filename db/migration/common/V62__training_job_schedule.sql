-- A training job may run on a schedule: a Quartz cron expression in a time zone, optionally only on a
-- calendar's business days, kept by the clustered job store as a trigger of the job. A scheduled run acts
-- for the person who last set the schedule (their rights and the area's budget policy apply as when they
-- press "Run now"); a fire that cannot start a run is kept on the job with its reason.
alter table training_job add column schedule_cron varchar(120);
alter table training_job add column schedule_zone varchar(60);
alter table training_job add column schedule_calendar varchar(20);
alter table training_job add column schedule_owner_id uuid;
alter table training_job add column schedule_owner varchar(120);
alter table training_job add column schedule_skipped_at timestamp with time zone;
alter table training_job add column schedule_skipped_reason varchar(2000);

-- the fire a run was started by (null: started by hand); one run per fire, whichever node fires it
alter table training_run add column scheduled_for timestamp with time zone;
create unique index uk_training_run_fire on training_run (job_id, scheduled_for);
