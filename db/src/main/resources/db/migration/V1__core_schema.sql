-- Tollgate core schema: registered clients, authorizations, consents, users, signing keys.
--
-- Token values, authorization codes, device and user codes are never stored: each column
-- *_hash holds the SHA-256 of the value (base64url, no padding), and every lookup the server
-- makes goes through a unique index on such a column.

create table registered_client (
    id                              varchar(100)  primary key,
    client_id                       varchar(100)  not null unique,
    client_id_issued_at             timestamptz   not null default now(),
    client_secret_hash              varchar(255),
    client_secret_expires_at        timestamptz,
    client_name                     varchar(200)  not null,
    client_authentication_methods   varchar(1000) not null,
    authorization_grant_types       varchar(1000) not null,
    redirect_uris                   varchar(4000) not null default '',
    post_logout_redirect_uris       varchar(4000) not null default '',
    scopes                          varchar(1000) not null,
    require_authorization_consent   boolean       not null default true,
    jwk_set_url                     varchar(1000),
    token_endpoint_auth_signing_alg varchar(20),
    access_token_ttl_seconds        bigint        not null,
    refresh_token_ttl_seconds       bigint        not null,
    authorization_code_ttl_seconds  bigint        not null,
    device_code_ttl_seconds         bigint        not null,
    created_at                      timestamptz   not null default now(),
    updated_at                      timestamptz   not null default now()
);

comment on column registered_client.client_secret_hash is
    'Encoded hash of the client secret with its scheme prefix; never the secret itself';

create table oauth2_authorization (
    id                             varchar(100) primary key,
    registered_client_id           varchar(100) not null references registered_client (id) on delete cascade,
    principal_name                 varchar(200) not null,
    authorization_grant_type       varchar(100) not null,
    authorized_scopes              varchar(1000) not null default '',
    attributes                     text,
    state_hash                     varchar(64),
    authorization_code_hash        varchar(64),
    authorization_code_issued_at   timestamptz,
    authorization_code_expires_at  timestamptz,
    authorization_code_metadata    text,
    access_token_hash              varchar(64),
    access_token_issued_at         timestamptz,
    access_token_expires_at        timestamptz,
    access_token_metadata          text,
    access_token_type              varchar(20),
    access_token_scopes            varchar(1000),
    oidc_id_token_hash             varchar(64),
    oidc_id_token_issued_at        timestamptz,
    oidc_id_token_expires_at       timestamptz,
    oidc_id_token_metadata         text,
    refresh_token_hash             varchar(64),
    refresh_token_issued_at        timestamptz,
    refresh_token_expires_at       timestamptz,
    refresh_token_metadata         text,
    user_code_hash                 varchar(64),
    user_code_issued_at            timestamptz,
    user_code_expires_at           timestamptz,
    user_code_metadata             text,
    device_code_hash               varchar(64),
    device_code_issued_at          timestamptz,
    device_code_expires_at         timestamptz,
    device_code_metadata           text,
    created_at                     timestamptz  not null default now(),
    updated_at                     timestamptz  not null default now()
);

create unique index oauth2_authorization_state_hash_idx
    on oauth2_authorization (state_hash) where state_hash is not null;
create unique index oauth2_authorization_code_hash_idx
    on oauth2_authorization (authorization_code_hash) where authorization_code_hash is not null;
create unique index oauth2_authorization_access_token_hash_idx
    on oauth2_authorization (access_token_hash) where access_token_hash is not null;
create unique index oauth2_authorization_oidc_id_token_hash_idx
    on oauth2_authorization (oidc_id_token_hash) where oidc_id_token_hash is not null;
create unique index oauth2_authorization_refresh_token_hash_idx
    on oauth2_authorization (refresh_token_hash) where refresh_token_hash is not null;
create unique index oauth2_authorization_user_code_hash_idx
    on oauth2_authorization (user_code_hash) where user_code_hash is not null;
create unique index oauth2_authorization_device_code_hash_idx
    on oauth2_authorization (device_code_hash) where device_code_hash is not null;
create index oauth2_authorization_client_idx
    on oauth2_authorization (registered_client_id);
create index oauth2_authorization_principal_idx
    on oauth2_authorization (principal_name);

create table oauth2_authorization_consent (
    registered_client_id varchar(100)  not null references registered_client (id) on delete cascade,
    principal_name       varchar(200)  not null,
    authorities          varchar(1000) not null,
    created_at           timestamptz   not null default now(),
    updated_at           timestamptz   not null default now(),
    primary key (registered_client_id, principal_name)
);

create index oauth2_authorization_consent_principal_idx
    on oauth2_authorization_consent (principal_name);

create table app_user (
    id             bigint generated always as identity primary key,
    username       varchar(100) not null unique,
    password_hash  varchar(255) not null,
    full_name      varchar(200),
    email          varchar(320),
    email_verified boolean      not null default false,
    enabled        boolean      not null default true,
    authorities    varchar(1000) not null default 'ROLE_USER',
    created_at     timestamptz  not null default now()
);

comment on column app_user.password_hash is
    'Slow salted password hash with its scheme prefix; never the password itself';

-- Signing keys. private_key_ciphertext is the PKCS#8 private key sealed with AES-256-GCM under
-- the key-encryption key named by encryption_key_id; public_jwk is the public JWK as JSON.
create table signing_key (
    kid                    varchar(64)  primary key,
    algorithm              varchar(20)  not null,
    state                  varchar(20)  not null,
    public_jwk             text         not null,
    private_key_ciphertext bytea        not null,
    encryption_key_id      varchar(64)  not null,
    created_at             timestamptz  not null default now(),
    activated_at           timestamptz,
    retired_at             timestamptz,
    revoked_at             timestamptz,
    constraint signing_key_state_check
        check (state in ('next', 'active', 'retired', 'revoked'))
);

-- One active key per algorithm: the database itself refuses a second one.
create unique index signing_key_one_active_per_alg_idx
    on signing_key (algorithm) where state = 'active';
create index signing_key_state_idx on signing_key (state);
