package org.clientsapi.throttle;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

/**
 * Sliding logs in this process's memory: the default, for a single instance. Memory is bounded by
 * {@code maxKeys} (least recently used keys go first), and a key idle for its whole window is
 * evicted, since its log would be empty anyway. Each decision runs under the map's per-key lock.
 */
final class MemoryThrottleStore implements ThrottleStore {

    private final Cache<String, SlidingLog> logs;

    MemoryThrottleStore(long maxKeys) {
        this.logs = Caffeine.newBuilder()
                .maximumSize(maxKeys)
                .expireAfter(new IdleForOneWindow())
                .build();
    }

    @Override
    public Mono<Outcome> acquire(String key, Rate rate, Instant now) {
        return Mono.fromSupplier(() -> decide(key, rate, now, true));
    }

    @Override
    public Mono<Outcome> peek(String key, Rate rate, Instant now) {
        return Mono.fromSupplier(() -> decide(key, rate, now, false));
    }

    @Override
    public String name() {
        return "memory";
    }

    long size() {
        logs.cleanUp();
        return logs.estimatedSize();
    }

    private Outcome decide(String key, Rate rate, Instant now, boolean record) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        Outcome[] outcome = new Outcome[1];
        if (!record) {
            // A peek at an unknown key must not create one: it would take a slot among maxKeys.
            logs.asMap().computeIfPresent(key, (k, log) -> {
                outcome[0] = log.decide(rate, micros, false);
                return log;
            });
            return outcome[0] != null ? outcome[0] : new Outcome(true, rate.count(), Duration.ZERO);
        }
        logs.asMap().compute(key, (k, log) -> {
            SlidingLog current = log == null ? new SlidingLog() : log;
            outcome[0] = current.decide(rate, micros, true);
            return current;
        });
        return outcome[0];
    }

    private static final class IdleForOneWindow implements Expiry<String, SlidingLog> {
        @Override
        public long expireAfterCreate(String key, SlidingLog log, long currentTime) {
            return window(log);
        }

        @Override
        public long expireAfterUpdate(String key, SlidingLog log, long currentTime, long currentDuration) {
            return window(log);
        }

        @Override
        public long expireAfterRead(String key, SlidingLog log, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private static long window(SlidingLog log) {
            Duration period = log.period();
            return period.isZero() ? Duration.ofMinutes(1).toNanos() : period.toNanos();
        }
    }
}
