-- A training job's code may be a Git repository: its address (an administrator allows the hosts), the
-- branch, tag or commit in source_ref, a folder in source_path, and optionally a token, sealed with the
-- secrets key as data-source passwords are. A run records the commit it fetched as the code's identity.
alter table training_job drop constraint ck_training_job_source;
alter table training_job add constraint ck_training_job_source check (source_kind in ('SAMPLE', 'WORKSPACE', 'GIT'));
alter table training_job add column source_url varchar(1000);
alter table training_job add column source_token_sealed varchar(2000);
