-- Issue 15: a monitor change also proposes the performance thresholds (the AUC a model must keep, null
-- for none; when a window's labels count as mature). Rows proposed before keep the values then in force.
alter table monitor_change add column minimum_auc double precision;
alter table monitor_change add column maturity_coverage double precision;
alter table monitor_change add column maturity_delay_hours integer;
update monitor_change set minimum_auc = (select m.minimum_auc from monitor m where m.deployment_id = monitor_change.deployment_id),
    maturity_coverage = (select m.maturity_coverage from monitor m where m.deployment_id = monitor_change.deployment_id),
    maturity_delay_hours = (select m.maturity_delay_hours from monitor m where m.deployment_id = monitor_change.deployment_id);
