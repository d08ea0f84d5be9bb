-- Notebooks on their own origin, one per workspace (esteira.workspaces.notebook-host). The portal hands a person
-- over to a workspace's notebook host with a one-time, short-lived ticket; the notebook host turns it into a
-- notebook session of its own (a host-only cookie). Only the SHA-256 of a ticket or of a session id is kept.
-- portal_session_hash ties both to the portal session they came from, so that signing out of the portal ends them.
create table notebook_handoff (
    ticket_hash         varchar(64)   primary key,
    workspace_id        uuid          not null,
    user_id             uuid          not null,
    portal_session_hash varchar(64),
    next_path           varchar(2000) not null,
    created_at          timestamp with time zone not null,
    expires_at          timestamp with time zone not null
);
create index ix_notebook_handoff_expires on notebook_handoff (expires_at);

create table notebook_session (
    id_hash             varchar(64) primary key,
    workspace_id        uuid        not null,
    user_id             uuid        not null,
    portal_session_hash varchar(64),
    created_at          timestamp with time zone not null,
    last_seen_at        timestamp with time zone not null,
    expires_at          timestamp with time zone not null
);
create index ix_notebook_session_expires on notebook_session (expires_at);
create index ix_notebook_session_portal on notebook_session (portal_session_hash);
create index ix_notebook_session_user on notebook_session (user_id);
