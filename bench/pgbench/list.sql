-- GET /clients: the first page of 100 (the service asks for one more row to know if there is a next page).
select id, first_name, last_name, email, created, updated, version from clients where id > 0 order by id limit 101;
