package org.clientsapi.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.clientsapi.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

/**
 * What a throttle decision is when Redis cannot be reached: admit (fail open, the default) or
 * answer 503 (fail closed). Either way the failure is counted, and warned of at most once a minute.
 */
final class RedisFailurePolicy {

    private static final Logger log = LoggerFactory.getLogger(RedisFailurePolicy.class);
    private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    private final boolean failOpen;
    private final Counter failures;
    private final Clock clock;
    private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.EPOCH);

    RedisFailurePolicy(boolean failOpen, MeterRegistry meters, Clock clock) {
        this.failOpen = failOpen;
        this.failures = Counter.builder("clients_api.throttle.store.failures")
                .description("Throttle decisions the Redis store could not make")
                .tag("policy", failOpen ? "open" : "closed")
                .register(meters);
        this.clock = clock;
    }

    Mono<Outcome> handle(Throwable error, Rate rate) {
        failures.increment();
        warnAtMostOncePerMinute(error);
        if (failOpen) {
            return Mono.just(Outcome.unknown(rate));
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "5");
        return Mono.error(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service temporarily unavailable.",
                "unavailable", null, headers));
    }

    private void warnAtMostOncePerMinute(Throwable error) {
        Instant now = clock.instant();
        Instant last = lastWarning.get();
        if (!now.isBefore(last.plus(WARN_INTERVAL)) && lastWarning.compareAndSet(last, now)) {
            log.warn("Redis throttle store unavailable ({}); failing {} (warned at most once a minute)",
                    error.toString(), failOpen ? "open: requests are admitted" : "closed: requests get 503");
        }
    }
}
