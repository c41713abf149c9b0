-- The revocation feed (GET /oauth2/revocations): access tokens (JWTs) revoked before they
-- expired, by jti. A resource server that verifies tokens locally learns of them here.
-- Rows go once the token has expired: an expired token is refused anyway.

create table revoked_access_token (
    jti        varchar(100) primary key,
    expires_at timestamptz  not null,
    revoked_at timestamptz  not null
);

create index revoked_access_token_revoked_at_idx on revoked_access_token (revoked_at);
create index revoked_access_token_expires_at_idx on revoked_access_token (expires_at);
