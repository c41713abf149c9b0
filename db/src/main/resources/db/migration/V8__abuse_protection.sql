-- Abuse protection, shared by every auth-server instance on the database.

-- Bucket4j's state of each rate-limit bucket. bucket_key is '<limit>:<client id, username or
-- address>'; state is Bucket4j's serialized bucket, changed under SELECT ... FOR UPDATE;
-- expires_at (epoch millis) lets a bucket that would be full again anyway be deleted.
create table rate_limit_bucket (
    bucket_key varchar(300) primary key,
    state      bytea,
    expires_at bigint
);

create index rate_limit_bucket_expires_at_idx on rate_limit_bucket (expires_at);

-- Failed client authentications per client id as the request gave it, counted in a fixed
-- window, and the lock-out they lead to. failures is reset to 0 when a lock-out engages.
create table client_lockout (
    client_id         varchar(200) primary key,
    window_started_at timestamptz not null,
    failures          integer     not null check (failures >= 0),
    locked_until      timestamptz
);

create index client_lockout_locked_until_idx on client_lockout (locked_until);
create index client_lockout_window_started_at_idx on client_lockout (window_started_at);

-- What the audit retention job deletes by (occurred_at has an index of V3 already, descending,
-- which serves the ascending scan too).
comment on table audit_event is
    'Security-relevant events; rows older than tollgate.audit.retention are deleted';
