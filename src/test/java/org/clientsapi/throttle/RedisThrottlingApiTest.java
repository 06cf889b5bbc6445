package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.clientsapi.ClientsApiApplication;
import org.clientsapi.auth.TokenService;
import org.clientsapi.support.TestDatabase;
import org.clientsapi.support.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Two whole instances of the service on one Redis enforce one limit together (design.md §2.4):
 * 100 concurrent requests of one user, half to each instance, against {@code rates.user=50/min}.
 */
@ExtendWith(TestRedis.class)
class RedisThrottlingApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private ConnectionProvider connections;
    private long userId;

    @AfterEach
    void close() {
        if (connections != null) {
            connections.dispose();
        }
        if (userId != 0) {
            TestDatabase.execute("delete from users where id = " + userId);
        }
        apps.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void listWhen100ConcurrentRequestsSplitAcrossTwoInstancesThenExactly50AdmittedWithHeadersOnAll() {
        TestDatabase.start();
        ConfigurableApplicationContext one = start();
        ConfigurableApplicationContext two = start();
        connectToRedis(one);
        connectToRedis(two);
        String token = tokenOfNewUser(one);

        connections = ConnectionProvider.builder("redis-throttling-api-test").maxConnections(100).build();
        WebClient http = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + token)
                .build();
        List<String> instances = List.of(baseUrl(one), baseUrl(two));

        List<ResponseEntity<Void>> responses = Flux.range(0, 100)
                .flatMap(i -> http.get().uri(instances.get(i % 2) + "/clients")
                        .exchangeToMono(ClientResponse::toBodilessEntity), 100)
                .collectList()
                .block(WAIT);

        assertThat(responses).hasSize(100);
        assertThat(responses).filteredOn(r -> r.getStatusCode().value() == 200).hasSize(50);
        assertThat(responses).filteredOn(r -> r.getStatusCode().value() == 429).hasSize(50);
        for (ResponseEntity<Void> response : responses) {
            HttpHeaders headers = response.getHeaders();
            assertThat(headers.getFirst(RateLimitHeaders.POLICY)).isEqualTo("\"user\";q=50;w=60");
            assertThat(headers.getFirst(RateLimitHeaders.LIMIT)).matches("\"user\";r=\\d{1,2};t=\\d{1,2}");
            if (response.getStatusCode().value() == 429) {
                assertThat(headers.getFirst(RateLimitHeaders.LIMIT)).startsWith("\"user\";r=0;");
                assertThat(headers.getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
            }
        }
        // one log in Redis, shared by both, holds exactly the admitted requests
        assertThat(one.getBean(ReactiveStringRedisTemplate.class).opsForZSet().size("throttle:user:" + userId)
                .block(WAIT)).isEqualTo(50);
    }

    private ConfigurableApplicationContext start() {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(ClientsApiApplication.class).run(
                "--server.port=0",
                "--spring.data.redis.host=" + TestRedis.host(),
                "--spring.data.redis.port=" + TestRedis.port(),
                "--clients-api.throttle.store=redis",
                // a store failure must show (as 503), not pass for an admission
                "--clients-api.throttle.redis-failure=closed",
                // this test is about sharing a limit, not about the timeout: a busy machine must not fail it
                "--clients-api.throttle.redis-timeout=2s",
                "--clients-api.throttle.rates.user=50/min",
                "--clients-api.throttle.rates.anon=",
                "--clients-api.throttle.rates.login=",
                "--clients-api.throttle.rates.auth-failures=");
        apps.add(app);
        return app;
    }

    /**
     * Makes the instance's Redis connection, which is otherwise made by the first request: on a busy
     * machine that first handshake can outlast spring.data.redis.timeout (1 s), and the request
     * that made it would then get the failure policy's answer, which is not what this test is about.
     */
    private static void connectToRedis(ConfigurableApplicationContext app) {
        ReactiveStringRedisTemplate redis = app.getBean(ReactiveStringRedisTemplate.class);
        for (int attempt = 1;; attempt++) {
            try {
                redis.hasKey("test:connect:" + UUID.randomUUID()).block(WAIT);
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /**
     * A user with a random id, since its throttle key ({@code user:<id>}) lives in a Redis that other
     * test runs, with databases of their own, share; and a token for it from the real token service.
     */
    private String tokenOfNewUser(ConfigurableApplicationContext app) {
        userId = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 52);
        TestDatabase.execute("insert into users (id, username, password) overriding system value values ("
                + userId + ", 'redis-throttling-" + UUID.randomUUID() + "', 'not-a-password-hash')");
        return app.getBean(TokenService.class).issue(userId).block(WAIT).token();
    }

    private static String baseUrl(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }
}
