-- The gateway's own schema (resource-demo), apart from auth-server's db/ module.

-- Bucket4j's state of each client's quota buckets, shared by every gateway replica.
-- bucket_key is '<dimension>:<client_id>'; state is Bucket4j's serialized bucket, locked with
-- SELECT ... FOR UPDATE on every change; expires_at (epoch millis) lets a bucket that would be
-- full anyway be deleted.
create table quota_bucket (
    bucket_key varchar(512) primary key,
    state bytea,
    expires_at bigint
);

create index quota_bucket_expires_at on quota_bucket (expires_at);

-- One row per answered chat completion: what the call really used, for /v1/usage and audits.
create table usage_ledger (
    id bigserial primary key,
    client_id varchar(255) not null,
    model varchar(255) not null,
    prompt_tokens integer not null check (prompt_tokens >= 0),
    completion_tokens integer not null check (completion_tokens >= 0),
    policy varchar(255),
    policy_version bigint,
    created_at timestamptz not null default now()
);

create index usage_ledger_client_time on usage_ledger (client_id, created_at);
