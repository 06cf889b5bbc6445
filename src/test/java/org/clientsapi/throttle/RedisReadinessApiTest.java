package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.clientsapi.ClientsApiApplication;
import org.clientsapi.auth.TokenService;
import org.clientsapi.support.Poll;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * With the Redis throttle store, Redis is part of readiness: an instance whose Redis is cut is
 * taken out of rotation (503), and back in once Redis answers again. Meanwhile, failing open, its
 * requests are admitted and counted as {@code store_error} decisions.
 */
@ExtendWith(TestRedis.class)
class RedisReadinessApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ConfigurableApplicationContext app;
    private TestRedis.Proxy proxy;
    private long userId;

    @AfterEach
    void close() {
        if (userId != 0) {
            TestDatabase.execute("delete from users where id = " + userId);
        }
        if (app != null) {
            app.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void readinessWhenRedisCutThenDownAndRequestsCountedAsStoreErrorsThenUpAfterRestore() {
        TestDatabase.start();
        proxy = TestRedis.proxy();
        app = new SpringApplicationBuilder(ClientsApiApplication.class).run("--server.port=0",
                "--spring.data.redis.host=" + proxy.host(), "--spring.data.redis.port=" + proxy.port(),
                "--clients-api.throttle.store=redis", "--clients-api.throttle.redis-failure=open",
                "--clients-api.throttle.redis-timeout=2s", "--clients-api.throttle.rates.user=1000/min",
                "--clients-api.throttle.rates.anon=", "--clients-api.throttle.rates.login=",
                "--clients-api.throttle.rates.auth-failures=");
        WebClient http = WebClient.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
        String token = tokenOfNewUser();

        assertThat(statusWithin(http, 200)).isEqualTo(200);

        proxy.cut();
        assertThat(statusWithin(http, 503)).isEqualTo(503);
        int status = http.get().uri("/clients").header(HttpHeaders.AUTHORIZATION, "Token " + token)
                .exchangeToMono(response -> response.toBodilessEntity()).block(WAIT).getStatusCode().value();
        assertThat(status).isEqualTo(200);
        assertThat(decisions(app, "store_error")).isGreaterThan(0);

        proxy.restore();
        assertThat(statusWithin(http, 200)).isEqualTo(200);
    }

    /** Polls readiness until it answers {@code wanted} (Redis reconnects in the background), at most 30 s. */
    private static int statusWithin(WebClient http, int wanted) {
        return Poll.until(() -> http.get().uri("/actuator/health/readiness")
                .exchangeToMono(ClientResponse::toBodilessEntity).block(WAIT).getStatusCode().value(),
                status -> status == wanted, WAIT);
    }

    private static double decisions(ConfigurableApplicationContext app, String outcome) {
        return app.getBean(MeterRegistry.class).find(ThrottleMetrics.NAME).tag("outcome", outcome)
                .tag("store", "redis").counters().stream().mapToDouble(Counter::count).sum();
    }

    private String tokenOfNewUser() {
        userId = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 52);
        TestDatabase.execute("insert into users (id, username, password) overriding system value values ("
                + userId + ", 'redis-readiness-" + UUID.randomUUID() + "', 'not-a-password-hash')");
        return app.getBean(TokenService.class).issue(userId).block(WAIT).token();
    }
}
