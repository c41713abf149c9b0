-- Signing-key lifecycle. (Key rotations and revocations are audited in audit_event, of V3.)
-- Numbered after V4, not V2: Flyway refuses a lower version than what a database already has.
--
-- A key goes next -> active -> retired -> gone, or to revoked at any point. Only a key that
-- can still sign (next, active) keeps its sealed private part: retiring or revoking a key erases
-- it, so a database dump taken after a rotation holds no private key that ever signed a token.

alter table signing_key drop constraint signing_key_state_check;
alter table signing_key add constraint signing_key_state_check
    check (state in ('next', 'active', 'retired', 'gone', 'revoked'));

alter table signing_key alter column private_key_ciphertext drop not null;
alter table signing_key add constraint signing_key_private_part_check
    check ((state in ('next', 'active')) = (private_key_ciphertext is not null));

-- One next key per algorithm, as there is one active key per algorithm.
create unique index signing_key_one_next_per_alg_idx
    on signing_key (algorithm) where state = 'next';

comment on column signing_key.retired_at is
    'When the key stopped signing; it stays in the JWKS until its last token has expired';
