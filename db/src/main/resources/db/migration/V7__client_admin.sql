-- The admin clients API: the previous client secret that stays valid for a grace period after a
-- rotation, and the indexes the audit query pages by.

-- A rotated-out secret, hashed like the current one, and when it stops being accepted. Both are
-- null when no rotation is in its grace period.
alter table registered_client
    add column previous_client_secret_hash       varchar(255),
    add column previous_client_secret_expires_at timestamptz,
    add constraint registered_client_previous_secret_check
        check ((previous_client_secret_hash is null) = (previous_client_secret_expires_at is null));

comment on column registered_client.previous_client_secret_hash is
    'Hash of the secret replaced by the last rotation, accepted until previous_client_secret_expires_at';

-- GET /admin/v1/audit pages newest first by (occurred_at, id), optionally for one client.
drop index audit_event_occurred_at_idx;
drop index audit_event_type_occurred_at_idx;
create index audit_event_occurred_at_idx on audit_event (occurred_at desc, id desc);
create index audit_event_type_occurred_at_idx on audit_event (type, occurred_at desc, id desc);
create index audit_event_client_id_occurred_at_idx on audit_event (client_id, occurred_at desc, id desc);
