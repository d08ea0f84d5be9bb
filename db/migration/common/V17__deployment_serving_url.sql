-- Where applications call a release that its target serves outside the portal: the URL of its
-- KServe InferenceService (status.url), recorded when it becomes Ready.
alter table deployment add column serving_url varchar(2000);
