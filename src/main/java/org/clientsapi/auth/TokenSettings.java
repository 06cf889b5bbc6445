package org.clientsapi.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clients-api.token.*}: how long an issued token lives (none: for ever, as in DRF) and how
 * long a token read from the database is believed (0: not cached). Bound, not injected with
 * {@code @Value}, so a malformed value stops start-up with a message naming the property.
 */
@ConfigurationProperties("clients-api.token")
public record TokenSettings(Duration ttl, @DefaultValue("5s") Duration cacheTtl) {

    public TokenSettings {
        if (ttl != null && ttl.isNegative()) {
            throw new IllegalArgumentException("clients-api.token.ttl: '" + ttl + "' must not be negative");
        }
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("clients-api.token.cache-ttl: '" + cacheTtl + "' must not be negative");
        }
    }
}
