package org.clientsapi.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.clientsapi.importer.Rejection.Kind;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The dump's clients, which may be millions, checked and written inside PostgreSQL rather than
 * held here: they go batch by batch into a temporary table of the import's transaction, and the
 * checks of {@link ConflictCheck} for clients are queries over it. Only rejected clients come back.
 */
@Repository
class StagedClients {

    /** What checking the staged clients found: rejected ones, how many are already here, how many to insert. */
    record Outcome(List<Rejection> rejections, int present, int inserts) {
    }

    private final DatabaseClient db;

    StagedClients(DatabaseClient db) {
        this.db = db;
    }

    /** Stages the clients; {@code seq} keeps the file's order for the report. */
    Mono<Void> stage(Flux<List<DrfDump.Client>> batches) {
        AtomicInteger seq = new AtomicInteger();
        return db.sql("""
                create temporary table import_clients (seq int, id bigint, first_name text, last_name text,
                    email text, created timestamptz, updated timestamptz) on commit drop""").then()
                .thenMany(batches.concatMap(batch -> db.sql("""
                        insert into import_clients
                        select s::int, i::bigint, f, l, e, c::timestamptz, u::timestamptz from unnest(
                            $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                            as t(s, i, f, l, e, c, u)""")
                        .bind(0, batch.stream().map(client -> Integer.toString(seq.incrementAndGet())).toArray(String[]::new))
                        .bind(1, column(batch, client -> Long.toString(client.id())))
                        .bind(2, column(batch, DrfDump.Client::firstName))
                        .bind(3, column(batch, DrfDump.Client::lastName))
                        .bind(4, column(batch, DrfDump.Client::email))
                        .bind(5, column(batch, client -> client.created().toString()))
                        .bind(6, column(batch, client -> client.updated().toString()))
                        .then()))
                .then();
    }

    /**
     * Rejects, as {@link Collisions} does, every client whose pk appears twice in the dump, then every
     * one whose email equals another's without regard to case; then, against the clients here, tells
     * apart those left by an earlier import (same id, same {@code created}) from real conflicts. Only
     * the clients to insert stay staged.
     */
    Mono<Outcome> check() {
        List<Rejection> rejections = new ArrayList<>();
        int[] present = new int[1];
        Mono<Void> duplicatePks = db.sql("""
                with d as (select id, count(*) as n from import_clients group by id having count(*) > 1),
                gone as (delete from import_clients s using d where s.id = d.id returning s.seq, s.id, s.email, d.n)
                select id, email, n from gone order by seq""")
                .map(row -> new Rejection(Kind.CLIENT, label(row.get("id", Long.class), row.get("email", String.class)),
                        "its pk appears " + row.get("n", Long.class) + " times in the dump"))
                .all().doOnNext(rejections::add).then();
        Mono<Void> duplicateEmails = db.sql("""
                with d as (select lower(email) as f from import_clients group by 1 having count(*) > 1),
                gone as (delete from import_clients s using d where lower(s.email) = d.f returning s.seq, s.id, s.email, d.f)
                select id, email, f from gone order by min(seq) over (partition by f), seq""")
                .map(row -> new String[] { label(row.get("id", Long.class), row.get("email", String.class)),
                        row.get("email", String.class), row.get("f", String.class) })
                .all().collectList().doOnNext(rows -> rejections.addAll(sameEmails(rows))).then();
        Mono<Void> againstHere = db.sql("""
                with gone as (delete from import_clients s
                    where exists (select from clients c where c.id = s.id)
                       or exists (select from clients h where h.email_normalized = lower(s.email))
                    returning s.seq, s.id, s.email, s.created)
                select g.id, g.email, c.email as here_email, c.created = g.created as same,
                    (select h.id from clients h where h.email_normalized = lower(g.email)) as holder
                from gone g left join clients c on c.id = g.id order by g.seq""")
                .map(row -> {
                    String label = label(row.get("id", Long.class), row.get("email", String.class));
                    String hereEmail = row.get("here_email", String.class);
                    if (hereEmail != null && Boolean.TRUE.equals(row.get("same", Boolean.class))) {
                        return Optional.<Rejection>empty();
                    }
                    return Optional.of(new Rejection(Kind.CLIENT, label, hereEmail != null
                            ? "id #" + row.get("id", Long.class) + " is another client's here (<" + hereEmail
                                    + ">, created at another time)"
                            : "client #" + row.get("holder", Long.class) + " here has this email (emails ignore case)"));
                })
                .all().doOnNext(rejection -> rejection.ifPresentOrElse(rejections::add, () -> present[0]++)).then();
        Mono<Long> inserts = db.sql("select count(*) as n from import_clients").map(row -> row.get("n", Long.class)).one();
        // One after another: the transaction's one connection serves them.
        return duplicatePks.then(duplicateEmails).then(againstHere).then(inserts)
                .map(n -> new Outcome(rejections, present[0], Math.toIntExact(n)));
    }

    /** Inserts the clients still staged, ids kept. */
    Mono<Long> insert() {
        return db.sql("""
                insert into clients (id, first_name, last_name, email, created, updated)
                select id, first_name, last_name, email, created, updated from import_clients order by seq""")
                .fetch().rowsUpdated();
    }

    /** Each row {label, email, folded}, grouped by folded email in order: each rejection names the others. */
    private static List<Rejection> sameEmails(List<String[]> rows) {
        Map<String, List<String[]>> groups = new LinkedHashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(row[2], f -> new ArrayList<>()).add(row));
        var rejections = new ArrayList<Rejection>();
        for (List<String[]> group : groups.values()) {
            for (String[] row : group) {
                List<String> others = group.stream().filter(other -> other != row).map(other -> other[0]).toList();
                rejections.add(new Rejection(Kind.CLIENT, row[0], "its email '" + row[1]
                        + "' equals, without regard to case, that of " + String.join(", ", others) + " in the dump"));
            }
        }
        return rejections;
    }

    private static String label(long id, String email) {
        return "client #" + id + " <" + email + ">";
    }

    private static String[] column(List<DrfDump.Client> batch, java.util.function.Function<DrfDump.Client, String> value) {
        return batch.stream().map(value).toArray(String[]::new);
    }
}
