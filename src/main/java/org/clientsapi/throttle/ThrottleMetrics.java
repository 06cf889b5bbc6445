package org.clientsapi.throttle;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.clientsapi.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * {@code clients_api.throttle.decisions{outcome, store, scope}}: every decision of a throttle, the
 * failed-authentication guard and the login throttle. {@code outcome} is {@code admitted},
 * {@code throttled} or {@code store_error} (Redis did not answer: admitted under fail open, 503
 * under fail closed). Scopes are the throttle names of the configuration plus {@code auth-failures},
 * {@code login.address} and {@code login.username}, so the tag's values stay few.
 */
final class ThrottleMetrics {

    static final String NAME = "clients_api.throttle.decisions";

    private final MeterRegistry meters;
    private final String store;
    private final ConcurrentMap<String, Counter[]> byScope = new ConcurrentHashMap<>();

    ThrottleMetrics(MeterRegistry meters, String store) {
        this.meters = meters;
        this.store = store;
    }

    /** For throttles built outside an application (unit tests): counted, but nowhere anyone looks. */
    static ThrottleMetrics unregistered(ThrottleStore store) {
        return new ThrottleMetrics(new SimpleMeterRegistry(), store.name());
    }

    /** The decision, counted when it is made. */
    Mono<Outcome> counted(String scope, Mono<Outcome> decision) {
        return decision
                .doOnNext(outcome -> counters(scope)[index(outcome)].increment())
                .doOnError(ApiException.class, error -> counters(scope)[2].increment());
    }

    private static int index(Outcome outcome) {
        if (!outcome.known()) {
            return 2;
        }
        return outcome.admitted() ? 0 : 1;
    }

    private Counter[] counters(String scope) {
        Counter[] counters = byScope.get(scope);
        return counters != null ? counters : byScope.computeIfAbsent(scope, this::register);
    }

    private Counter[] register(String scope) {
        return new Counter[] { counter(scope, "admitted"), counter(scope, "throttled"), counter(scope, "store_error") };
    }

    private Counter counter(String scope, String outcome) {
        return Counter.builder(NAME)
                .description("Throttle decisions by outcome, store and scope")
                .tag("outcome", outcome)
                .tag("store", store)
                .tag("scope", scope)
                .register(meters);
    }
}
