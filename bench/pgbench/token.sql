-- What authenticating a request costs the database: the token and its owner, by digest.
select t.id, t.expires, t.last_used, u.id as user_id, u.username, u.is_active, u.is_staff
from tokens t join users u on u.id = t.user_id
where t.digest = decode(:digest, 'hex');
