-- The jti of each accepted private_key_jwt client assertion (RFC 7523 section 3), so that an
-- assertion authenticates its client once, at any instance. jti_hash is the SHA-256 of the
-- jti (base64url, no padding), which bounds the column whatever the client sends.
-- expires_at is the assertion's exp plus the clock skew the server allows: until then the
-- assertion would still be accepted, so its row must stay; after it, the row is deleted on
-- the client's next assertion (or with the client).
create table client_assertion_jti (
    registered_client_id varchar(100) not null references registered_client (id) on delete cascade,
    jti_hash             varchar(64)  not null,
    expires_at           timestamptz  not null,
    primary key (registered_client_id, jti_hash)
);
