-- How long the prediction log keeps a release's calls, in days; null: the portal's default
-- (esteira.prediction-log.retention, 90 days). Profiles and metric rows are kept much longer, elsewhere.
alter table deployment add column log_retention_days integer;
alter table deployment add constraint ck_deployment_log_retention check (log_retention_days is null or log_retention_days > 0);

-- The retention job deletes a release's oldest calls in bounded batches by (deployment_id, created_at),
-- which ix_prediction_log_deployment_time serves.
