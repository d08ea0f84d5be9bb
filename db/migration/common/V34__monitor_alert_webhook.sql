-- Issue 15: where a monitor's alerts are also posted (a webhook of the area's on-call tooling); null: inbox and e-mail only.
alter table monitor add column webhook_url varchar(2000);
