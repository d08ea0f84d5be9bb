-- Statistics say whether a column's distinct count was counted or estimated, and keep the most frequent
-- values of text and yes/no columns (JSON: values with their counts, the rows holding any other value, and
-- whether the counts are estimates). Versions computed before this keep false and no categories.
alter table feature_statistics add column distinct_exact boolean default false not null;
alter table feature_statistics add column top_values varchar(8000);
