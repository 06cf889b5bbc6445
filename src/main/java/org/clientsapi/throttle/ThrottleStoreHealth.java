package org.clientsapi.throttle;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * {@code throttleStore} in the readiness group: with the Redis store, whether Redis answers a PING;
 * with the memory store, nothing outside the process can fail, so always UP.
 */
final class ThrottleStoreHealth implements ReactiveHealthIndicator {

    private final ThrottleStore store;

    ThrottleStoreHealth(ThrottleStore store) {
        this.store = store;
    }

    @Override
    public Mono<Health> health() {
        if (!(store instanceof RedisThrottleStore redis)) {
            return Mono.just(Health.up().withDetail("store", store.name()).build());
        }
        return redis.ping()
                .map(pong -> Health.up().withDetail("store", "redis").build())
                // The exception's type only: its message may name hosts.
                .onErrorResume(error -> Mono.just(Health.down().withDetail("store", "redis")
                        .withDetail("error", error.getClass().getSimpleName()).build()));
    }
}
