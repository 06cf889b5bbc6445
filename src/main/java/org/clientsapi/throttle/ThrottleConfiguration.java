package org.clientsapi.throttle;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ThrottleProperties.class)
class ThrottleConfiguration {

    @Bean
    ThrottleStore throttleStore(ThrottleProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis,
            MeterRegistry meters, Clock clock) {
        if (properties.store().equals("redis")) {
            var failure = new RedisFailurePolicy(properties.redisFailure().equals("open"), meters, clock);
            ReactiveStringRedisTemplate template = redis.getObject();
            connectNow(template);
            return new RedisThrottleStore(template, properties.redisTimeout(), failure);
        }
        return new MemoryThrottleStore(properties.maxKeys());
    }

    /**
     * Connects at start-up rather than in the first requests, which would otherwise spend their
     * short timeout on the handshake. Redis being down now is not fatal: the failure policy rules.
     */
    private static void connectNow(ReactiveStringRedisTemplate template) {
        try {
            template.getConnectionFactory().getReactiveConnection().ping().block(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ThrottleConfiguration.class)
                    .warn("Redis throttle store not reachable at start-up: {}", e.toString());
        }
    }

    /** {@code throttleStore} in the health endpoint and its readiness group (Boot drops the suffix). */
    @Bean("throttleStoreHealthIndicator")
    ThrottleStoreHealth throttleStoreHealth(ThrottleStore store) {
        return new ThrottleStoreHealth(store);
    }

    @Bean
    ClientAddress clientAddress(ThrottleProperties properties) {
        return new ClientAddress(properties.trustedProxies());
    }

    @Bean
    ThrottleMetrics throttleMetrics(MeterRegistry meters, ThrottleStore store) {
        return new ThrottleMetrics(meters, store.name());
    }

    @Bean
    Throttling throttling(ThrottleProperties properties, ThrottleStore store, ClientAddress addresses, Clock clock,
            ThrottleMetrics metrics) {
        List<Throttle> throttles = new ArrayList<>();
        properties.rate(ThrottleProperties.ANON).ifPresent(rate -> throttles.add(new Throttle.Anon(rate)));
        properties.rate(ThrottleProperties.USER).ifPresent(rate -> throttles.add(new Throttle.User(rate)));
        properties.scopes().forEach((scope, rate) -> throttles.add(new Throttle.Scoped(scope, rate)));
        return new Throttling(throttles, store, addresses, clock, metrics);
    }

    @Bean
    AuthFailureGuard authFailureGuard(ThrottleProperties properties, ThrottleStore store, ClientAddress addresses,
            Clock clock, ThrottleMetrics metrics) {
        return new AuthFailureGuard(properties.rate(ThrottleProperties.AUTH_FAILURES).orElse(null), store, addresses,
                clock, metrics);
    }

    @Bean
    LoginThrottle loginThrottle(ThrottleProperties properties, ThrottleStore store, ClientAddress addresses,
            Clock clock, ThrottleMetrics metrics) {
        return new LoginThrottle(properties.rate(ThrottleProperties.LOGIN).orElse(null), store, addresses, clock,
                metrics);
    }

    /** With Redis down, commands fail at once instead of queueing until it returns (Boot's other options kept). */
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhenRedisIsDown() {
        return options -> options
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true);
    }
}
