package org.clientsapi.importer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.clientsapi.auth.Tokens;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The import's SQL. Rows go in as parallel text arrays through {@code unnest}, a few thousand per
 * statement, rather than one round trip per row. Every method but {@link #vacuum} is meant to run
 * inside the import's transaction.
 */
@Repository
class ImportStore {

    private static final int CHUNK = 5000;

    private final DatabaseClient db;
    private final StagedClients staged;

    ImportStore(DatabaseClient db, StagedClients staged) {
        this.db = db;
        this.staged = staged;
    }

    /**
     * Holds off concurrent inserts and updates of users and clients (reads go on) until the import
     * commits, so that what was checked is still true when written. A busy table fails the import
     * instead of hanging it.
     */
    Mono<Void> lock() {
        return db.sql("set local lock_timeout = '10s'").then()
                .then(db.sql("lock table users, clients in share row exclusive mode").then());
    }

    Mono<Existing> existing(DrfDump dump) {
        String[] texts = dump.users().stream().map(DrfDump.User::username).distinct().toArray(String[]::new);
        String[] digests = dump.tokens().stream().map(token -> DrfDump.digestHex(token.key())).toArray(String[]::new);
        Mono<Map<String, String>> folded = db.sql("select x, lower(x) as f from unnest($1::text[]) as x")
                .bind(0, texts).map(row -> Map.entry(row.get("x", String.class), row.get("f", String.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
        Mono<Map<String, Existing.User>> users = db.sql("""
                select lower(username) as f, username, created from users
                where lower(username) in (select lower(x) from unnest($1::text[]) as x)""")
                .bind(0, texts)
                .map(row -> Map.entry(row.get("f", String.class),
                        new Existing.User(row.get("username", String.class), row.get("created", Instant.class))))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
        Mono<Map<String, String>> owners = db.sql("""
                select encode(t.digest, 'hex') as d, u.username from tokens t join users u on u.id = t.user_id
                where t.digest in (select decode(x, 'hex') from unnest($1::text[]) as x)""")
                .bind(0, digests)
                .map(row -> Map.entry(row.get("d", String.class), row.get("username", String.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
        // One after another: the transaction's one connection serves them.
        return folded.flatMap(f -> users.flatMap(u -> owners.map(o -> new Existing(f, u, o))));
    }

    /** {@code tokenExpiry} null: the imported tokens never expire. */
    Mono<Void> write(ImportPlan plan, Instant tokenExpiry) {
        String expires = tokenExpiry == null ? "" : tokenExpiry.toString();
        return insert(plan.users(), """
                insert into users (username, password, is_active, is_staff, created)
                select n, p, a::boolean, s::boolean, c::timestamptz
                from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(n, p, a, s, c)""",
                List.of(DrfDump.User::username, DrfDump.User::password, user -> Boolean.toString(user.active()),
                        user -> Boolean.toString(user.staff()), user -> user.joined().toString()))
                // By exact username: the user was just inserted, or is the one already here.
                .then(insert(plan.tokens(), """
                        insert into tokens (digest, prefix, user_id, created, expires)
                        select decode(d, 'hex'), p, u.id, c::timestamptz, nullif(e, '')::timestamptz
                        from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(d, p, n, c, e)
                        join users u on u.username = t.n""",
                        List.of(token -> DrfDump.digestHex(token.key()), token -> Tokens.prefix(token.key()),
                                ImportPlan.NewToken::username, token -> token.created().toString(), token -> expires)))
                .then(plan.clients() == 0 ? Mono.empty() : staged.insert().filter(count -> count != plan.clients())
                        .flatMap(count -> Mono.error(new IllegalStateException(
                                "Inserted " + count + " of " + plan.clients() + " clients")))
                        .then(moveClientSequence()));
    }

    /** Past the highest id, never back: ids handed out before (then deleted) are not handed out again. */
    private Mono<Void> moveClientSequence() {
        return db.sql("""
                select setval(s.seq, greatest((select max(id) from clients), coalesce(pg_sequence_last_value(s.seq), 0)))
                from (select pg_get_serial_sequence('clients', 'id')::regclass as seq) as s""")
                .then();
    }

    /** Fresh statistics for the planner after a bulk load (trigram searches need them); not in a transaction. */
    Mono<Void> vacuum() {
        return db.sql("vacuum analyze clients").then();
    }

    /** Inserts rows in chunks and fails if any row was not inserted (a token whose user vanished). */
    private <T> Mono<Void> insert(List<T> rows, String sql, List<Function<T, String>> columns) {
        var chunks = new ArrayList<List<T>>();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + CHUNK)));
        }
        return Flux.fromIterable(chunks).concatMap(chunk -> {
            var spec = db.sql(sql);
            for (int i = 0; i < columns.size(); i++) {
                spec = spec.bind(i, chunk.stream().map(columns.get(i)).toArray(String[]::new));
            }
            return spec.fetch().rowsUpdated().flatMap(count -> count == chunk.size() ? Mono.empty()
                    : Mono.error(new IllegalStateException("Inserted " + count + " of " + chunk.size() + " rows")));
        }).then();
    }
}
