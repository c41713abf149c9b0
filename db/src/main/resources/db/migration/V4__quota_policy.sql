-- Per-client LLM token quotas, carried into access tokens as the "llm" claim (DESIGN.md).
-- A null limit means no limit on that dimension. models is space-separated; "*" allows all.

create sequence quota_policy_version_seq;

create table quota_policy (
    registered_client_id   varchar(100) primary key references registered_client (id) on delete cascade,
    policy                 varchar(100) not null,
    -- From one global sequence, so a policy's version grows on every change, also across a
    -- delete and a new policy for the same client.
    version                bigint       not null default nextval('quota_policy_version_seq'),
    tokens_per_minute      bigint,
    requests_per_minute    bigint,
    tokens_per_day         bigint,
    max_tokens_per_request bigint,
    models                 varchar(2000) not null default '*',
    updated_at             timestamptz  not null default now(),
    constraint quota_policy_limits_check check (
        coalesce(tokens_per_minute, 0) >= 0 and coalesce(requests_per_minute, 0) >= 0
        and coalesce(tokens_per_day, 0) >= 0 and coalesce(max_tokens_per_request, 0) >= 0)
);
