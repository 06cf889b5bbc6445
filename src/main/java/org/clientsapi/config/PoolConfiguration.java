package org.clientsapi.config;

import java.time.Duration;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Wrapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Connections the database closed while they sat idle in the pool (it restarted, or ended them)
 * are skipped, not handed to requests as 503s: the pool finds such a connection invalid only when
 * it lends it, and its own retry ({@code acquire-retry}) would also retry a timed-out wait, doubling
 * the bound on it. So acquire-retry stays 0 and only a failed validation is retried here, at once,
 * up to once per pooled connection; a wait for a free connection still ends at max-acquire-time.
 */
@Configuration(proxyBeanMethods = false)
class PoolConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PoolConfiguration.class);
    private static final Duration WARM_UP_BOUND = Duration.ofSeconds(30);

    @Bean
    static BeanPostProcessor skipDeadPooledConnections() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof ConnectionPool pool)) {
                    return bean;
                }
                warmUp(pool);
                return new SkippingDeadConnections(pool);
            }
        };
    }

    /**
     * Makes the pool's initial connections before anything waits for one: otherwise the first
     * request (or the startup tasks) pays for them within max-acquire-time, which a cold JVM on a
     * busy machine can exceed. A database not there yet is no reason to fail here: requests say 503.
     */
    private static void warmUp(ConnectionPool pool) {
        try {
            pool.warmup().block(WARM_UP_BOUND);
        } catch (RuntimeException e) {
            log.warn("Could not open the pool's initial connections: {}", e.toString());
        }
    }

    /** The pool, with invalid pooled connections skipped; Boot's metrics and health find the pool through {@link Wrapped}. */
    static final class SkippingDeadConnections implements ConnectionFactory, Wrapped<ConnectionFactory>, Disposable {

        private static final String VALIDATION_FAILED = "Connection validation failed";

        private final ConnectionPool pool;
        private final Retry skipInvalid;

        SkippingDeadConnections(ConnectionPool pool) {
            this.pool = pool;
            int size = pool.getMetrics().map(metrics -> metrics.getMaxAllocatedSize()).orElse(10);
            this.skipInvalid = Retry.max(size).filter(SkippingDeadConnections::invalid)
                    .onRetryExhaustedThrow((spec, signal) -> signal.failure());
        }

        @Override
        public Mono<Connection> create() {
            return Mono.defer(() -> Mono.from(pool.create())).retryWhen(skipInvalid);
        }

        @Override
        public ConnectionFactoryMetadata getMetadata() {
            return pool.getMetadata();
        }

        @Override
        public ConnectionFactory unwrap() {
            return pool;
        }

        /** Called by the context at shutdown (Boot declares the pool's destroy method as dispose). */
        @Override
        public void dispose() {
            pool.dispose();
        }

        @Override
        public boolean isDisposed() {
            return pool.isDisposed();
        }

        private static boolean invalid(Throwable error) {
            return error instanceof R2dbcNonTransientResourceException && VALIDATION_FAILED.equals(error.getMessage());
        }
    }
}
