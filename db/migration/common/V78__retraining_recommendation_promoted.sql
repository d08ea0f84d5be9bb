-- A recommendation whose challenger's release took all of the endpoint's traffic is PROMOTED: the loop is closed.
alter table retraining_recommendation drop constraint ck_retraining_recommendation_state;
alter table retraining_recommendation add constraint ck_retraining_recommendation_state
    check (state in ('OPEN', 'DECLINED', 'TRAINING', 'TRAINED', 'FAILED', 'PROMOTING', 'PROMOTED'));
