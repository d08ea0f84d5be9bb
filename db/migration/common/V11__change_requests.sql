-- Change requests and their approvals: a request names a subject of another module by type and id,
-- with the facts and the evidence pack as they were when it was submitted (or last edited). Decisions
-- belong to a review round; an edit or a reclassification starts a new round, voiding the old one.

create table change_request (
    id                  uuid primary key,
    area_id             uuid           not null references area (id),
    subject_type        varchar(60)    not null,
    subject_id          varchar(200)   not null,
    subject_label       varchar(300)   not null,
    subject_link        varchar(500),
    risk_tier           integer        not null,
    environment         varchar(12)    not null,
    emergency_requested boolean        not null,
    change_type         varchar(10)    not null,
    type_reason         varchar(500)   not null,
    reclassified_by     varchar(200),
    justification       varchar(4000)  not null,
    window_start        timestamp with time zone,
    window_end          timestamp with time zone,
    rollback_plan       varchar(4000),
    evidence            varchar(1000000) not null,
    state               varchar(12)    not null,
    needed_kinds        varchar(100)   not null,
    review_round        integer        not null,
    requester_id        uuid           not null,
    requester_name      varchar(200)   not null,
    submitted_at        timestamp with time zone not null,
    waiting_since       timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    approved_at         timestamp with time zone,
    valid_until         timestamp with time zone,
    closed_at           timestamp with time zone,
    implemented_at      timestamp with time zone,
    implementation_note varchar(2000),
    review_due_at       timestamp with time zone,
    reviewed_at         timestamp with time zone,
    row_version         bigint         not null,
    constraint ck_change_environment check (environment in ('STAGING', 'PRODUCTION')),
    constraint ck_change_type check (change_type in ('STANDARD', 'NORMAL', 'EMERGENCY')),
    constraint ck_change_state check (state in ('SUBMITTED', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'EXPIRED', 'IMPLEMENTED',
        'REVIEW_DUE', 'REVIEWED')),
    constraint ck_change_tier check (risk_tier between 1 and 3)
);
create index ix_change_subject on change_request (subject_type, subject_id, submitted_at);
create index ix_change_state on change_request (state, waiting_since);
create index ix_change_area on change_request (area_id, state);

-- who authored the subject (e.g. registered the model version): never its approvers
create table change_request_author (
    change_id uuid not null references change_request (id) on delete cascade,
    user_id   uuid not null,
    primary key (change_id, user_id)
);

-- approvals and rejections; reviewer_id is null for an approval by policy (standard changes)
create table change_decision (
    id             uuid primary key,
    change_id      uuid          not null references change_request (id) on delete cascade,
    review_round   integer       not null,
    reviewer_id    uuid,
    reviewer_name  varchar(200)  not null,
    reviewer_kinds varchar(100)  not null,
    decision       varchar(10)   not null,
    comment        varchar(4000) not null,
    decided_at     timestamp with time zone not null,
    expired_at     timestamp with time zone,
    constraint uk_change_decision unique (change_id, review_round, reviewer_id),
    constraint ck_change_decision check (decision in ('APPROVED', 'REJECTED', 'POLICY'))
);
create index ix_change_decision_reviewer on change_decision (reviewer_id, change_id);

-- the request's timeline: every step, who took it, when, and with what comment
create table change_history (
    id          uuid primary key,
    change_id   uuid          not null references change_request (id) on delete cascade,
    position    integer       not null,
    occurred_at timestamp with time zone not null,
    actor       varchar(200)  not null,
    actor_id    uuid,
    step        varchar(40)   not null,
    comment     varchar(4000),
    details     varchar(4000),
    constraint uk_change_history unique (change_id, position)
);

-- Reviewer kinds for the demo reviewers of databases seeded before they existed (demo databases only:
-- in production the demo personas are refused at start-up, so these rows match nothing there).
insert into user_role (user_id, role)
select u.id, 'RISK_REVIEWER' from app_user u
where u.username = 'reviewer.risk' and u.origin = 'LOCAL'
  and not exists (select 1 from user_role r where r.user_id = u.id and r.role = 'RISK_REVIEWER');

insert into user_role (user_id, role)
select u.id, 'GOVERNANCE_REVIEWER' from app_user u
where u.username = 'reviewer.gov' and u.origin = 'LOCAL'
  and not exists (select 1 from user_role r where r.user_id = u.id and r.role = 'GOVERNANCE_REVIEWER');
