package org.clientsapi.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Stops password guessing at {@code POST /auth/token}: {@code rates.login} attempts per window for
 * one address, and as many for one username (from any address), whichever refuses first.
 */
public final class LoginThrottle {

    private final Rate rate;
    private final ThrottleStore store;
    private final ClientAddress addresses;
    private final Clock clock;
    private final ThrottleMetrics metrics;

    LoginThrottle(Rate rate, ThrottleStore store, ClientAddress addresses, Clock clock) {
        this(rate, store, addresses, clock, ThrottleMetrics.unregistered(store));
    }

    LoginThrottle(Rate rate, ThrottleStore store, ClientAddress addresses, Clock clock, ThrottleMetrics metrics) {
        this.rate = rate;
        this.store = store;
        this.addresses = addresses;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Completes when the attempt may go ahead; fails with the 429 otherwise. */
    public Mono<Void> check(ServerHttpRequest request, String username) {
        if (rate == null) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return Mono.zip(
                        metrics.counted("login.address", store.acquire("login:ip:" + addresses.of(request), rate, now)),
                        metrics.counted("login.username",
                                store.acquire("login:user:" + username.toLowerCase(Locale.ROOT), rate, now)))
                .flatMap(both -> {
                    Duration wait = Duration.ZERO;
                    for (Outcome outcome : new Outcome[] { both.getT1(), both.getT2() }) {
                        if (!outcome.admitted() && outcome.reset().compareTo(wait) > 0) {
                            wait = outcome.reset();
                        }
                    }
                    boolean refused = !both.getT1().admitted() || !both.getT2().admitted();
                    return refused ? Mono.error(Throttled.after(wait)) : Mono.empty();
                });
    }
}
