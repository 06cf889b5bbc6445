package org.clientsapi.throttle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clients-api.throttle.*}. Rates are checked when the application starts: a malformed one
 * stops it with a message naming the property and the value. An empty rate turns its throttle off.
 */
@ConfigurationProperties("clients-api.throttle")
public record ThrottleProperties(
        Map<String, String> rates,
        @DefaultValue("memory") String store,
        @DefaultValue("open") String redisFailure,
        @DefaultValue("0") int trustedProxies,
        @DefaultValue("100ms") Duration redisTimeout,
        @DefaultValue("1000000") long maxKeys) {

    static final String ANON = "anon";
    static final String USER = "user";
    static final String AUTH_FAILURES = "auth-failures";
    static final String LOGIN = "login";

    public ThrottleProperties {
        rates = rates == null ? Map.of() : new LinkedHashMap<>(rates);
        rates.forEach((name, value) -> parsed(name, value));
        if (!store.equals("memory") && !store.equals("redis")) {
            throw new IllegalArgumentException("clients-api.throttle.store: '" + store + "' is neither memory nor redis");
        }
        if (!redisFailure.equals("open") && !redisFailure.equals("closed")) {
            throw new IllegalArgumentException(
                    "clients-api.throttle.redis-failure: '" + redisFailure + "' is neither open nor closed");
        }
        if (trustedProxies < 0) {
            throw new IllegalArgumentException(
                    "clients-api.throttle.trusted-proxies: '" + trustedProxies + "' must not be negative");
        }
    }

    /** The rate named {@code name}, or empty when it is not set or set empty (that throttle is off). */
    Optional<Rate> rate(String name) {
        return parsed(name, rates.get(name));
    }

    /** Rates that name a route scope rather than a throttle class. */
    Map<String, Rate> scopes() {
        Map<String, Rate> scopes = new LinkedHashMap<>();
        rates.forEach((name, value) -> {
            if (!name.equals(ANON) && !name.equals(USER) && !name.equals(AUTH_FAILURES) && !name.equals(LOGIN)) {
                parsed(name, value).ifPresent(rate -> scopes.put(name, rate));
            }
        });
        return scopes;
    }

    private static Optional<Rate> parsed(String name, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Rate.parse(value));
        } catch (IllegalArgumentException e) {
            // not chained: the deepest cause is what start-up reports as the reason, and it must name the property
            throw new IllegalArgumentException("clients-api.throttle.rates." + name + ": " + e.getMessage());
        }
    }
}
