package org.clientsapi.throttle;

import java.time.Clock;
import java.util.Optional;

import org.clientsapi.web.ApiException;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Stops token guessing, which DRF never throttles: an address with {@code rates.auth-failures}
 * failed authentications in the window is refused with 429 before its token is looked up.
 * Only failures count, so a well-behaved caller is never touched.
 */
public final class AuthFailureGuard {

    private final Rate rate;
    private final ThrottleStore store;
    private final ClientAddress addresses;
    private final Clock clock;
    private final ThrottleMetrics metrics;

    AuthFailureGuard(Rate rate, ThrottleStore store, ClientAddress addresses, Clock clock) {
        this(rate, store, addresses, clock, ThrottleMetrics.unregistered(store));
    }

    AuthFailureGuard(Rate rate, ThrottleStore store, ClientAddress addresses, Clock clock, ThrottleMetrics metrics) {
        this.rate = rate;
        this.store = store;
        this.addresses = addresses;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The 429 to answer when this address has failed too often; empty otherwise. */
    public Mono<Optional<ApiException>> check(ServerHttpRequest request) {
        if (rate == null) {
            return Mono.just(Optional.empty());
        }
        return metrics.counted("auth-failures", store.peek(key(request), rate, clock.instant()))
                .map(outcome -> outcome.admitted() ? Optional.<ApiException>empty()
                        : Optional.of(Throttled.after(outcome.reset())))
                .onErrorResume(ApiException.class, error -> Mono.just(Optional.of(error)));
    }

    /** Counts one failed authentication of this address. */
    public Mono<Void> recordFailure(ServerHttpRequest request) {
        if (rate == null) {
            return Mono.empty();
        }
        return store.acquire(key(request), rate, clock.instant()).onErrorResume(error -> Mono.empty()).then();
    }

    private String key(ServerHttpRequest request) {
        return "auth-failures:" + addresses.of(request);
    }
}
