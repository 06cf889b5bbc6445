-- Welcome emails, written in the same statement as the client they welcome and sent later.
create table mail_outbox (
    id           bigint generated always as identity primary key,
    recipient    varchar(254) not null,
    first_name   varchar(30)  not null,
    last_name    varchar(30)  not null,
    status       varchar(8)   not null default 'pending' check (status in ('pending', 'sent', 'dead')),
    attempts     int          not null default 0,
    next_attempt timestamptz  not null,
    last_error   varchar(500),
    created      timestamptz  not null,
    sent         timestamptz
);
create index mail_outbox_due on mail_outbox (next_attempt) where status = 'pending';
create index mail_outbox_dead on mail_outbox (id) where status = 'dead';
