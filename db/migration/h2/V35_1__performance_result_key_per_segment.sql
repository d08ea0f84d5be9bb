-- The key of a performance row now includes its segment (H2 names its primary key itself).
alter table performance_result drop primary key;
alter table performance_result add primary key (deployment_id, granularity, window_start, segment);
