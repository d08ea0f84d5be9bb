-- The audit chain is keyed from here on: rows from keyed_from on are hashed with HMAC-SHA256 under a key
-- kept outside the database (ESTEIRA_AUDIT_KEY, or derived from ESTEIRA_SECRETS_KEY). Rows written
-- before this migration keep their plain SHA-256 hashes and are verified as they are.
-- keyed_from_seal is the HMAC of the boundary, written by the portal with the first keyed row, so that
-- moving the boundary to pass keyed rows off as plain ones shows.
alter table audit_chain_head add column keyed_from bigint;
alter table audit_chain_head add column keyed_from_seal varchar(64);
update audit_chain_head set keyed_from = last_seq + 1 where id = 1;

-- What protected the rows a verification walked (plain and keyed ranges, where the key comes from).
alter table audit_verification add column protection varchar(400);
