-- A run on a remote runner (a Kubernetes Job) reaches the portal with a one-time token of its own: only its
-- SHA-256 is kept, it expires with the run and is cleared when the run ends. The workload names the Job
-- (namespace/name), so that a restarted portal finds it again instead of starting it twice.
alter table training_run add column run_token_hash varchar(64);
alter table training_run add column run_token_expires_at timestamp with time zone;
alter table training_run add column workload varchar(255);
