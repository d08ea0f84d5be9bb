-- The key of a performance row now includes its segment.
alter table performance_result drop constraint performance_result_pkey;
alter table performance_result add primary key (deployment_id, granularity, window_start, segment);
