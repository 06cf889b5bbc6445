package org.clientsapi.clients;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * A page of clients as the very JSON the API answers, put together by PostgreSQL (as PostgREST
 * does) from each client's JSON, which the database keeps up to date on every write (migration V4,
 * column {@code json_tail}): one row comes back instead of a hundred, and nothing is decoded here
 * only to be encoded again. The JSON is the one {@link Client} gives with Jackson, byte for byte but
 * for the case of hexadecimal escapes of control characters ({@code \u001f} there, {@code \u001F} here).
 */
@Repository
class PageQuery {

    /** The page's body, the id of its last client and whether more follow. */
    record Page(byte[] json, long lastId, boolean more) {
    }

    private final DatabaseClient db;

    PageQuery(DatabaseClient db) {
        this.db = db;
    }

    /** The statement: {@code $1} the id after which the page starts, {@code $2} its size, {@code $3} the search pattern. */
    static String sql(boolean searching) {
        // One row more than the page, to know whether another follows; it is counted, not shown.
        return "select count(*) > $2 as more,"
                + " coalesce(max(id) filter (where n <= $2), 0) as last_id,"
                + " convert_to(coalesce('[' || string_agg('{\"id\":' || id || json_tail, ',' order by id)"
                + " filter (where n <= $2) || ']', '[]'), 'UTF8') as body"
                + " from (select *, row_number() over (order by id) as n from (select id, json_tail"
                + " from clients where id > $1" + (searching ? ClientRepository.matching("$3") : "")
                + " order by id limit $2 + 1) c) p";
    }

    /** Up to {@code limit} clients with an id above {@code afterId}, matching {@code search} when given. */
    Mono<Page> page(long afterId, String search, int limit) {
        GenericExecuteSpec spec = db.sql(sql(search != null))
                .bind(0, afterId).bind(1, limit);
        if (search != null) {
            spec = spec.bind(2, ClientRepository.pattern(search));
        }
        return spec.map(row -> new Page(row.get("body", byte[].class), row.get("last_id", Long.class),
                row.get("more", Boolean.class))).one();
    }
}
