package org.clientsapi.clients;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes expired idempotency keys every few minutes, in small batches so that no request waits
 * on a long delete. It runs on the scheduler's own thread, never on an event loop, and may block there.
 */
@Component
class IdempotencyKeyCleanup {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);
    private static final int BATCH = 1000;

    private final DatabaseClient db;
    private final Clock clock;

    IdempotencyKeyCleanup(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
    void purgeExpired() {
        try {
            long total = 0;
            long deleted;
            do {
                deleted = deleteBatch().block(Duration.ofSeconds(30));
                total += deleted;
            } while (deleted == BATCH);
            if (total > 0) {
                log.info("Deleted {} expired idempotency keys", total);
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete expired idempotency keys: {}", e.toString());
        }
    }

    reactor.core.publisher.Mono<Long> deleteBatch() {
        return db.sql("delete from idempotency_keys where ctid in (select ctid from idempotency_keys "
                        + "where created <= $1 limit " + BATCH + ")")
                .bind(0, clock.instant().minus(IdempotentCreate.LIFETIME))
                .fetch().rowsUpdated();
    }
}
