-- Issue 14: a data source's people's queries run on a least-privilege account (SELECT grants only);
-- the tables the portal itself writes (schedule targets, batch scores) go through a second account,
-- used only for statements the portal composes.
alter table data_source add column write_username varchar(200);
-- AES-GCM sealed with the portal's secrets key, like password_sealed
alter table data_source add column write_password_sealed varchar(1000);
