-- Searches with a time range walk the audit log newest first by (occurred_at, seq).
drop index ix_audit_event_time;
create index ix_audit_event_time_seq on audit_event (occurred_at, seq);
