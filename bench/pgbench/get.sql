-- GET /clients/{id}
select id, first_name, last_name, email, created, updated, version from clients where id = :id;
