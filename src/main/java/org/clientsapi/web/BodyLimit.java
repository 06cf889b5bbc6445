package org.clientsapi.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * {@code clients-api.max-body-size}. Bound, not injected with {@code @Value}, so a malformed value
 * stops start-up with a message naming the property.
 */
@ConfigurationProperties("clients-api")
record BodyLimit(@DefaultValue("64KB") DataSize maxBodySize) {

    BodyLimit {
        if (maxBodySize.toBytes() <= 0) {
            throw new IllegalArgumentException("clients-api.max-body-size: '" + maxBodySize + "' must be positive");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BodyLimit.class)
    static class Enabled {
    }
}
