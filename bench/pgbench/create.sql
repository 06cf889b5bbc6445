-- POST /clients: the client and its welcome email in one statement, a unique email each time.
with c as (insert into clients (first_name, last_name, email, created, updated)
           values ('Bench', 'Load', 'pgb-' || gen_random_uuid() || '@example.com', now(), now())
           returning id, first_name, last_name, email, created, updated, version),
     o as (insert into mail_outbox (recipient, first_name, last_name, next_attempt, created)
           select email, first_name, last_name, now(), now() from c)
select id, first_name, last_name, email, created, updated, version from c;
