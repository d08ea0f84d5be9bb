-- A single sign-on refused because its user name is already an account of the portal leaves a request to link
-- that account to the identity provider's subject: the latest one per account, until an administrator links it
-- (the account then signs in with single sign-on) or dismisses it. Runs on H2 (MODE=PostgreSQL) and PostgreSQL.
create table sso_link_request (
    user_id            uuid         primary key references app_user (id) on delete cascade,
    subject            varchar(255) not null,
    display_name       varchar(200),
    email              varchar(320),
    first_requested_at timestamp with time zone not null,
    requested_at       timestamp with time zone not null,
    attempts           integer      not null,
    version            bigint       not null
);
