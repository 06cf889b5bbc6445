package org.clientsapi.throttle;

import java.util.Optional;

/**
 * One throttle class, as in DRF: a rate, and the key a request is counted under (empty when the
 * throttle does not apply to it). Its name is the policy name in the {@code RateLimit} headers.
 */
public interface Throttle {

    String name();

    Rate rate();

    /** The key for this caller (user id, null when anonymous) on a route of this scope (null when none). */
    Optional<String> key(Long userId, String address, String scope);

    /** DRF's AnonRateThrottle: anonymous callers, by address. */
    record Anon(Rate rate) implements Throttle {
        @Override
        public String name() {
            return "anon";
        }

        @Override
        public Optional<String> key(Long userId, String address, String scope) {
            return userId == null ? Optional.of("anon:" + address) : Optional.empty();
        }
    }

    /** DRF's UserRateThrottle: authenticated callers by user id, anonymous ones by address. */
    record User(Rate rate) implements Throttle {
        @Override
        public String name() {
            return "user";
        }

        @Override
        public Optional<String> key(Long userId, String address, String scope) {
            return Optional.of(userId != null ? "user:" + userId : "user:ip:" + address);
        }
    }

    /** DRF's ScopedRateThrottle: one budget per route scope, per user or address. */
    record Scoped(String scope, Rate rate) implements Throttle {
        @Override
        public String name() {
            return scope;
        }

        @Override
        public Optional<String> key(Long userId, String address, String routeScope) {
            if (!scope.equals(routeScope)) {
                return Optional.empty();
            }
            return Optional.of("scope:" + scope + ":" + (userId != null ? "user:" + userId : "ip:" + address));
        }
    }
}
