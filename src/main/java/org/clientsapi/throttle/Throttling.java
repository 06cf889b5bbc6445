package org.clientsapi.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.clientsapi.web.ApiException;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The throttles of the API's routes, consulted together for each request as DRF's
 * {@code check_throttles} does: every applicable throttle counts the request, and when any refuses,
 * the longest wait is the answer. The {@code RateLimit} headers go on every response of a
 * throttled route.
 */
public final class Throttling {

    private final List<Throttle> throttles;
    private final ThrottleStore store;
    private final ClientAddress addresses;
    private final Clock clock;
    private final ThrottleMetrics metrics;

    Throttling(List<Throttle> throttles, ThrottleStore store, ClientAddress addresses, Clock clock) {
        this(throttles, store, addresses, clock, ThrottleMetrics.unregistered(store));
    }

    Throttling(List<Throttle> throttles, ThrottleStore store, ClientAddress addresses, Clock clock,
            ThrottleMetrics metrics) {
        this.throttles = List.copyOf(throttles);
        this.store = store;
        this.addresses = addresses;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Empty when admitted (headers written); the 429 (or fail-closed 503) to answer otherwise. */
    public Mono<Optional<ApiException>> check(ServerWebExchange exchange, Long userId) {
        ServerHttpRequest request = exchange.getRequest();
        if (!throttled(request) || throttles.isEmpty()) {
            return Mono.just(Optional.empty());
        }
        String address = addresses.of(request);
        String scope = scope(request);
        Instant now = clock.instant();
        return Flux.fromIterable(throttles)
                .flatMapSequential(throttle -> throttle.key(userId, address, scope)
                        .map(key -> metrics.counted(throttle.name(), store.acquire(key, throttle.rate(), now))
                                .map(outcome -> new RateLimitHeaders.Entry(throttle, outcome)))
                        .orElse(Mono.empty()))
                .collectList()
                .map(entries -> {
                    RateLimitHeaders.write(exchange.getResponse().getHeaders(), entries);
                    return refusal(entries);
                })
                .onErrorResume(ApiException.class, error -> Mono.just(Optional.of(error)));
    }

    private static Optional<ApiException> refusal(List<RateLimitHeaders.Entry> entries) {
        return entries.stream()
                .filter(entry -> !entry.outcome().admitted())
                .map(entry -> entry.outcome().reset())
                .max(Duration::compareTo)
                .map(Throttled::after);
    }

    /** Only the API is throttled: health checks and unknown paths are not. */
    private static boolean throttled(ServerHttpRequest request) {
        String path = request.getPath().value();
        return path.equals("/clients") || path.startsWith("/clients/") || path.startsWith("/auth/");
    }

    /** The route scopes of {@code rates.<scope>}: reads and writes of the clients resource. */
    static String scope(ServerHttpRequest request) {
        String path = request.getPath().value();
        if (!path.equals("/clients") && !path.startsWith("/clients/")) {
            return null;
        }
        HttpMethod method = request.getMethod();
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                || HttpMethod.OPTIONS.equals(method);
        return read ? "clients.read" : "clients.write";
    }
}
