-- Welcome emails each user's creates have asked for on one UTC day: one row a user, for the day of
-- its last create. Counted in the statement that writes the client and its outbox row, under the
-- row's lock, so concurrent creates and several instances never pass the quota.
create table welcome_mail_quota (
    user_id bigint  not null primary key references users (id) on delete cascade,
    day     date    not null,
    used    int     not null
);
