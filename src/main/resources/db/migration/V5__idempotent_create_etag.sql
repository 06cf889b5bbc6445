-- The ETag of the stored first answer, so a replay carries it as the first answer did. Every answer
-- stored so far created its client, whose version was then 1.
alter table idempotency_keys add column etag varchar(40);
update idempotency_keys set etag = '"1"';
