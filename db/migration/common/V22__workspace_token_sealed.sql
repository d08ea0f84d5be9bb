-- A workspace's notebook token is sealed at rest with the secrets key (AES-GCM, 'v1:' and base64),
-- longer than the clear token it replaces. Rows with a clear token are sealed by the portal at
-- start-up (it holds the key, the database does not).
alter table workspace alter column access_token set data type varchar(500);
