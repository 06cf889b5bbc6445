package org.clientsapi.mail;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The mail outbox. Claiming uses {@code FOR UPDATE SKIP LOCKED} and pushes the row's next attempt
 * past a lease, so several dispatchers never take one email at once, and one that dies mid-send
 * leaves its emails to be taken again once the lease runs out.
 */
@Repository
class Outbox {

    record Counts(long pending, long dead) {
    }

    private final DatabaseClient db;

    Outbox(DatabaseClient db) {
        this.db = db;
    }

    Flux<OutboxMail> claim(int limit, Instant now, Instant leaseEnd) {
        return db.sql("update mail_outbox set next_attempt = $2, attempts = attempts + 1 where id in ("
                        + "select id from mail_outbox where status = 'pending' and next_attempt <= $1 "
                        + "order by id limit $3 for update skip locked) "
                        + "returning id, recipient, first_name, last_name, attempts")
                .bind(0, now).bind(1, leaseEnd).bind(2, limit)
                .map(row -> new OutboxMail(row.get("id", Long.class), row.get("recipient", String.class),
                        row.get("first_name", String.class), row.get("last_name", String.class),
                        row.get("attempts", Integer.class)))
                .all();
    }

    Mono<Long> markSent(long id, Instant now) {
        return db.sql("update mail_outbox set status = 'sent', sent = $2, last_error = null where id = $1")
                .bind(0, id).bind(1, now).fetch().rowsUpdated();
    }

    Mono<Long> retryAt(long id, Instant next, String error) {
        return db.sql("update mail_outbox set next_attempt = $2, last_error = $3 where id = $1")
                .bind(0, id).bind(1, next).bind(2, error).fetch().rowsUpdated();
    }

    Mono<Long> markDead(long id, String error) {
        return db.sql("update mail_outbox set status = 'dead', last_error = $2 where id = $1")
                .bind(0, id).bind(1, error).fetch().rowsUpdated();
    }

    /** Dead emails back to pending, due now, with a fresh count of attempts. */
    Mono<Long> retryDead(Instant now) {
        return db.sql("update mail_outbox set status = 'pending', attempts = 0, next_attempt = $1 where status = 'dead'")
                .bind(0, now).fetch().rowsUpdated();
    }

    Mono<Counts> counts() {
        return db.sql("select count(*) filter (where status = 'pending') as pending, "
                        + "count(*) filter (where status = 'dead') as dead from mail_outbox")
                .map(row -> new Counts(row.get("pending", Long.class), row.get("dead", Long.class)))
                .one();
    }
}
