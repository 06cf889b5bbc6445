package org.clientsapi.clients;

import java.time.Instant;

import io.r2dbc.spi.Readable;
import org.clientsapi.mail.WelcomeMailQuota;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Clients over R2DBC. Lists are keyset pages on the id, so a deep page costs what the first does;
 * search is a case-insensitive substring match served by trigram indexes. The database keeps
 * emails unique without regard to case.
 */
@Repository
class ClientRepository {

    private static final String COLUMNS = "id, first_name, last_name, email, created, updated, version";
    /** Rows of one query when streaming; the next is run only once the caller has taken these. */
    private static final int STREAM_PAGE = 500;

    private final DatabaseClient db;
    private final WelcomeMailQuota quota;

    ClientRepository(DatabaseClient db, WelcomeMailQuota quota) {
        this.db = db;
        this.quota = quota;
    }

    /** Up to {@code limit} clients with an id above {@code afterId}, matching {@code search} when given. */
    private Flux<Client> page(long afterId, String search, int limit) {
        String where = search == null ? "" : matching("$2");
        GenericExecuteSpec spec = db.sql("select " + COLUMNS + " from clients where id > $1" + where
                + " order by id limit " + limit).bind(0, afterId);
        return (search == null ? spec : spec.bind(1, pattern(search))).map(ClientRepository::client).all();
    }

    /**
     * Every matching client, oldest first, as keyset pages of {@link #STREAM_PAGE} rows, each a query
     * of its own read to its end. Not one query read through a cursor ({@code fetchSize}): a caller
     * who hangs up between two fetches left the connection with its portal suspended, never given
     * back to the pool (found by DisconnectingCallersTest; the trap of pgjdbc/r2dbc-postgresql#661).
     * Rows added meanwhile past the last id sent are streamed too. A page once asked for is read to
     * its end even if the caller hangs up meanwhile ({@link Uncancelled}): a cancel that reaches the
     * driver and the pool at the wrong moment left connections lent out for good.
     */
    Flux<Client> stream(String search) {
        return Flux.defer(() -> {
            long[] after = { 0L };
            boolean[] more = { true };
            return Uncancelled.mono(() -> page(after[0], search, STREAM_PAGE).collectList())
                    .doOnNext(rows -> {
                        more[0] = rows.size() == STREAM_PAGE;
                        if (!rows.isEmpty()) {
                            after[0] = rows.get(rows.size() - 1).id();
                        }
                    })
                    .repeat(() -> more[0])
                    .concatMapIterable(rows -> rows, 1);
        });
    }

    Mono<Client> findById(long id) {
        return db.sql("select " + COLUMNS + " from clients where id = $1").bind(0, id)
                .map(ClientRepository::client).one();
    }

    /**
     * The stored client, and its welcome email in the outbox unless {@code userId} has used up its
     * daily quota ({@link WelcomeMailQuota}): one statement, so the client, its email and the count
     * are kept together or not at all. The count is an upsert on the user's row, whose lock orders
     * concurrent creates, so the quota holds exactly across requests and instances. A duplicate
     * email fails with Spring's {@code DuplicateKeyException}.
     */
    Mono<Client> insert(ClientInput input, Instant now, long userId) {
        return db.sql("with q as (insert into welcome_mail_quota as q (user_id, day, used) "
                        + "select $5, ($4 at time zone 'UTC')::date, 1 where $6 > 0 "
                        + "on conflict (user_id) do update set day = excluded.day, "
                        + "used = case when q.day = excluded.day then q.used + 1 else 1 end "
                        + "where q.day <> excluded.day or q.used < $6 returning 1), "
                        + "c as (insert into clients (first_name, last_name, email, created, updated) "
                        + "values ($1, $2, $3, $4, $4) returning " + COLUMNS + "), "
                        + "o as (insert into mail_outbox (recipient, first_name, last_name, next_attempt, created) "
                        + "select email, first_name, last_name, $4, $4 from c where exists (select 1 from q)) "
                        + "select " + COLUMNS + ", exists (select 1 from q) as mailed from c")
                .bind(0, input.firstName()).bind(1, input.lastName()).bind(2, input.email()).bind(3, now)
                .bind(4, userId).bind(5, quota.perDay())
                .map(row -> {
                    if (!row.get("mailed", Boolean.class)) {
                        quota.skipped();
                    }
                    return client(row);
                })
                .one();
    }

    /**
     * Sets the non-null fields of {@code input}, moves {@code updated} and the version; empty when
     * there is no such client or its version is not one of {@code expected} (null: any version).
     * A write that would change nothing leaves the row as it is and returns it: its version stays,
     * so the If-Match of another editor who read it still holds. One statement, so no write comes
     * between the comparison and the answer.
     */
    Mono<Client> update(long id, ClientInput input, Long[] expected, Instant now) {
        String target = "(coalesce($2, first_name), coalesce($3, last_name), coalesce($4, email))";
        String matches = "id = $1 and ($6::bigint[] is null or version = any($6))";
        GenericExecuteSpec spec = db.sql("with u as (update clients set (first_name, last_name, email) = " + target
                        + ", updated = $5, version = version + 1 where " + matches
                        + " and (first_name, last_name, email) is distinct from " + target + " returning " + COLUMNS
                        + ") select " + COLUMNS + " from u union all select " + COLUMNS + " from clients where "
                        + matches + " and (first_name, last_name, email) is not distinct from " + target
                        + " and not exists (select 1 from u)")
                .bind(0, id);
        spec = bindNullable(spec, 1, input.firstName());
        spec = bindNullable(spec, 2, input.lastName());
        spec = bindNullable(spec, 3, input.email());
        spec = spec.bind(4, now);
        spec = expected == null ? spec.bindNull(5, Long[].class) : spec.bind(5, expected);
        return spec.map(ClientRepository::client).one();
    }

    /** Rows deleted: 0 when there is no such client or its version is not one of {@code expected}. */
    Mono<Long> delete(long id, Long[] expected) {
        GenericExecuteSpec spec = db.sql("delete from clients where id = $1 and ($2::bigint[] is null or version = any($2))")
                .bind(0, id);
        spec = expected == null ? spec.bindNull(1, Long[].class) : spec.bind(1, expected);
        return spec.fetch().rowsUpdated();
    }

    /** What {@code ?search=} matches, as a condition on the parameter holding its {@link #pattern}. */
    static String matching(String parameter) {
        return " and (first_name ilike " + parameter + " or last_name ilike " + parameter + " or email ilike "
                + parameter + ")";
    }

    /** The search text as an ILIKE pattern matching it anywhere, its own wildcards taken literally. */
    static String pattern(String search) {
        return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static GenericExecuteSpec bindNullable(GenericExecuteSpec spec, int index, String value) {
        return value == null ? spec.bindNull(index, String.class) : spec.bind(index, value);
    }

    private static Client client(Readable row) {
        return new Client(row.get("id", Long.class), row.get("first_name", String.class),
                row.get("last_name", String.class), row.get("email", String.class),
                row.get("created", Instant.class), row.get("updated", Instant.class), row.get("version", Long.class));
    }
}
