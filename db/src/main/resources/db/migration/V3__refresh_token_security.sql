-- Refresh-token security: per-client refresh-token rules, the history that reuse detection
-- needs, the retention time the cleanup job deletes by, and the audit_event table.
--
-- Depends on V1 only, so that it applies whether or not V2 is present yet.

-- Per-client refresh-token rules. Null means the server-wide default
-- (tollgate.tokens.refresh-token-idle-timeout, tollgate.tokens.refresh-token-reuse-overlap).
alter table registered_client
    add column refresh_token_idle_timeout_seconds  bigint,
    add column refresh_token_reuse_overlap_seconds bigint,
    add constraint registered_client_refresh_token_idle_timeout_check
        check (refresh_token_idle_timeout_seconds > 0),
    add constraint registered_client_refresh_token_reuse_overlap_check
        check (refresh_token_reuse_overlap_seconds >= 0);

comment on column registered_client.refresh_token_idle_timeout_seconds is
    'A refresh token not used for this long expires; null: tollgate.tokens.refresh-token-idle-timeout';
comment on column registered_client.refresh_token_reuse_overlap_seconds is
    'How long the previous refresh token is accepted once more after a rotation; null: the default';

-- refresh_token_chain_issued_at: when the first refresh token of the authorization was issued.
-- Rotation never moves it, so the chain's absolute lifetime counts from here.
-- retained_until: when nothing in the row can be used or listed any more; the cleanup job
-- deletes rows past it.
alter table oauth2_authorization
    add column refresh_token_chain_issued_at timestamptz,
    add column retained_until                timestamptz;

-- Rows from before this migration: the chain counts from the authorization's creation, and
-- the row is kept until its last token expires (an hour for a row without tokens).
update oauth2_authorization
set refresh_token_chain_issued_at = case when refresh_token_hash is not null then created_at end,
    retained_until = coalesce(
        greatest(authorization_code_expires_at, access_token_expires_at, oidc_id_token_expires_at,
                 refresh_token_expires_at, user_code_expires_at, device_code_expires_at),
        updated_at + interval '1 hour');

alter table oauth2_authorization alter column retained_until set not null;

create index oauth2_authorization_retained_until_idx
    on oauth2_authorization (retained_until);

-- Every refresh token an authorization rotated out, by hash, with the hash of the token that
-- replaced it: a rotated-out token presented again is recognised as a reuse.
create table oauth2_refresh_token_history (
    refresh_token_hash varchar(64)  primary key,
    authorization_id   varchar(100) not null references oauth2_authorization (id) on delete cascade,
    replaced_by_hash   varchar(64)  not null,
    rotated_at         timestamptz  not null
);

create index oauth2_refresh_token_history_authorization_idx
    on oauth2_refresh_token_history (authorization_id);

-- Security-relevant events, newest first. details holds event-specific fields as a JSON object;
-- never a token, secret or password.
create table audit_event (
    id             bigint generated always as identity primary key,
    occurred_at    timestamptz  not null,
    type           varchar(50)  not null,
    actor          varchar(200),
    client_id      varchar(100),
    principal_name varchar(200),
    remote_address varchar(100),
    details        jsonb
);

create index audit_event_occurred_at_idx on audit_event (occurred_at desc);
create index audit_event_type_occurred_at_idx on audit_event (type, occurred_at desc);
