package org.clientsapi.throttle;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * Sliding-window logs of admitted requests, one per key. Each call is one atomic decision, so
 * concurrent requests can never together pass more than {@code rate.count()} in a window: the
 * get-then-set race of DRF's cache-based throttles is not possible here.
 */
public interface ThrottleStore {

    /** Admits and records the request when the window has room; otherwise refuses it and records nothing. */
    Mono<Outcome> acquire(String key, Rate rate, Instant now);

    /** Says whether a request would be admitted, recording nothing. */
    Mono<Outcome> peek(String key, Rate rate, Instant now);

    /** The name shown in metrics: {@code memory} or {@code redis}. */
    String name();
}
