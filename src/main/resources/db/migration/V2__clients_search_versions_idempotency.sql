-- Search: case-insensitive substring of first name, last name or email, served by trigram indexes.
create extension if not exists pg_trgm;
create index clients_first_name_trgm on clients using gin (first_name gin_trgm_ops);
create index clients_last_name_trgm on clients using gin (last_name gin_trgm_ops);
create index clients_email_trgm on clients using gin (email gin_trgm_ops);

-- Optimistic concurrency: the ETag of a client is its version, which every update moves.
alter table clients add column version bigint not null default 1;

-- Idempotent creation: the stored response of the first POST /clients with a key, per user.
create table idempotency_keys (
    user_id     bigint       not null references users (id) on delete cascade,
    key         varchar(255) not null,
    fingerprint bytea        not null,
    status      int          not null,
    body        text         not null,
    location    varchar(255),
    created     timestamptz  not null,
    primary key (user_id, key)
);
create index idempotency_keys_created on idempotency_keys (created);
