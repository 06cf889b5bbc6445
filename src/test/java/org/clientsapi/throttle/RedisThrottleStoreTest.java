package org.clientsapi.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.clientsapi.support.MutableClock;
import org.clientsapi.support.TestRedis;
import org.clientsapi.web.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The Redis store against a real Redis (see {@link TestRedis}): the sliding window with explicit
 * instants, exactness under concurrency within one instance and across two, the key's expiry, and
 * Redis going away and coming back (through a {@link TestRedis.Proxy}) under both failure policies.
 * Every test uses keys of its own, since the Redis is shared with other runs.
 */
@ExtendWith(TestRedis.class)
class RedisThrottleStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Bounds a hang; not a speed requirement. */
    private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(2);
    private static final String FAILURES = "clients_api.throttle.store.failures";
    private static final String WARNING = "Redis throttle store unavailable";
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<LettuceConnectionFactory> factories = new ArrayList<>();
    private final List<TestRedis.Proxy> proxies = new ArrayList<>();
    private final String prefix = "test:" + UUID.randomUUID() + ":";

    @AfterEach
    void close() {
        factories.forEach(LettuceConnectionFactory::destroy);
        proxies.forEach(TestRedis.Proxy::close);
    }

    // The sliding window

    @Test
    void acquireWhenWindowFullThenFourthRefusedWithExactReset() {
        RedisThrottleStore store = store(TestRedis.host(), TestRedis.port(), false, Clock.systemUTC());
        Rate rate = Rate.parse("3/10s");
        String key = prefix + "window";

        assertThat(acquire(store, key, rate, T0)).isEqualTo(new Outcome(true, 2, Duration.ofSeconds(10)));
        assertThat(acquire(store, key, rate, T0.plusSeconds(1))).isEqualTo(new Outcome(true, 1, Duration.ofSeconds(9)));
        assertThat(acquire(store, key, rate, T0.plusSeconds(2))).isEqualTo(new Outcome(true, 0, Duration.ofSeconds(8)));

        // the oldest (T0) leaves the window at T0+10s: 7 s from T0+3s
        assertThat(acquire(store, key, rate, T0.plusSeconds(3))).isEqualTo(new Outcome(false, 0, Duration.ofSeconds(7)));
        assertThat(acquire(store, key, rate, T0.plusSeconds(10).minusNanos(1_000)))
                .isEqualTo(new Outcome(false, 0, Duration.ofNanos(1_000)));
        assertThat(size(key)).isEqualTo(3);
        assertThat(failures("closed")).isZero();
    }

    @Test
    void acquireWhenOldestLeavesWindowThenAdmittedAgain() {
        RedisThrottleStore store = store(TestRedis.host(), TestRedis.port(), false, Clock.systemUTC());
        Rate rate = Rate.parse("3/10s");
        String key = prefix + "slide";
        acquire(store, key, rate, T0);
        acquire(store, key, rate, T0.plusSeconds(1));
        acquire(store, key, rate, T0.plusSeconds(2));
        assertThat(acquire(store, key, rate, T0.plusSeconds(5)).admitted()).isFalse();

        // T0 has left; T0+1s is now the oldest, leaving at T0+11s
        assertThat(acquire(store, key, rate, T0.plusSeconds(10))).isEqualTo(new Outcome(true, 0, Duration.ofSeconds(1)));
        assertThat(acquire(store, key, rate, T0.plusSeconds(10))).isEqualTo(new Outcome(false, 0, Duration.ofSeconds(1)));
        // far later the whole log has left
        assertThat(acquire(store, key, rate, T0.plusSeconds(60))).isEqualTo(new Outcome(true, 2, Duration.ofSeconds(10)));
        assertThat(size(key)).isEqualTo(1);
    }

    @Test
    void peekWhenCalledThenRecordsNothing() {
        RedisThrottleStore store = store(TestRedis.host(), TestRedis.port(), false, Clock.systemUTC());
        Rate rate = Rate.parse("2/min");
        String key = prefix + "peek";

        for (int i = 0; i < 5; i++) {
            assertThat(peek(store, key, rate, T0)).isEqualTo(new Outcome(true, 2, Duration.ZERO));
        }
        assertThat(exists(key)).isFalse();

        acquire(store, key, rate, T0);
        acquire(store, key, rate, T0.plusSeconds(15));
        for (int i = 0; i < 5; i++) {
            assertThat(peek(store, key, rate, T0.plusSeconds(20)))
                    .isEqualTo(new Outcome(false, 0, Duration.ofSeconds(40)));
        }
        assertThat(size(key)).isEqualTo(2);
        // once the first has left, peek says there is room again but still takes none of it
        assertThat(peek(store, key, rate, T0.plusSeconds(60))).isEqualTo(new Outcome(true, 1, Duration.ofSeconds(15)));
        assertThat(acquire(store, key, rate, T0.plusSeconds(60))).isEqualTo(new Outcome(true, 0, Duration.ofSeconds(15)));
    }

    @Test
    void acquireWhenRecordedThenKeyExpiresAfterItsWindow() {
        RedisThrottleStore store = store(TestRedis.host(), TestRedis.port(), false, Clock.systemUTC());
        String key = prefix + "ttl";

        acquire(store, key, Rate.parse("5/30s"), T0);

        Duration ttl = direct().getExpire("throttle:" + key).block(WAIT);
        assertThat(ttl).isGreaterThan(Duration.ofSeconds(25)).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    // Exactness under concurrency

    @Test
    void acquireWhen200ConcurrentAgainstLimitOf50ThenExactly50Admitted() {
        RedisThrottleStore store = store(TestRedis.host(), TestRedis.port(), false, Clock.systemUTC());
        Rate rate = Rate.parse("50/min");
        String key = prefix + "concurrent";

        List<Outcome> outcomes = Flux.range(0, 200)
                .flatMap(i -> store.acquire(key, rate, T0), 200)
                .collectList()
                .block(WAIT);

        assertThat(outcomes).hasSize(200);
        assertThat(outcomes).filteredOn(Outcome::admitted).hasSize(50);
        assertThat(size(key)).isEqualTo(50);
        assertThat(failures("closed")).isZero();
    }

    @Test
    void acquireWhenTwoInstancesInterleaveConcurrentlyThenExactly50AdmittedInTotal() {
        RedisThrottleStore one = store(TestRedis.host(), TestRedis.port(), false, Clock.systemUTC());
        RedisThrottleStore two = store(TestRedis.host(), TestRedis.port(), false, Clock.systemUTC());
        Rate rate = Rate.parse("50/min");
        String key = prefix + "shared";

        List<Outcome> outcomes = Flux.range(0, 200)
                .flatMap(i -> (i % 2 == 0 ? one : two).acquire(key, rate, T0.plusMillis(i)), 200)
                .collectList()
                .block(WAIT);

        assertThat(outcomes).hasSize(200);
        assertThat(outcomes).filteredOn(Outcome::admitted).hasSize(50);
        assertThat(size(key)).isEqualTo(50);
        assertThat(failures("closed")).isZero();
    }

    // Redis lost and back

    @Test
    void acquireWhenRedisCutAndFailOpenThenAdmitsCountsAndEnforcesAgainAfterRestore() {
        TestRedis.Proxy proxy = proxy();
        RedisThrottleStore store = storeBehindProxy(proxy, true, Clock.systemUTC());
        Rate rate = Rate.parse("1/min");
        String key = prefix + "open";
        assertThat(acquire(store, key, rate, T0).admitted()).isTrue();
        assertThat(acquire(store, key, rate, T0).admitted()).isFalse();

        proxy.cut();
        for (int i = 0; i < 5; i++) {
            // the window is full: only the fail-open policy can admit these
            StepVerifier.create(store.acquire(key, rate, T0))
                    .assertNext(outcome -> assertThat(outcome).isEqualTo(new Outcome(true, 1, Duration.ZERO, false)))
                    .expectComplete()
                    .verify(ANSWERS_WITHIN);
        }
        assertThat(failures("open")).isEqualTo(5);

        proxy.restore();
        awaitReconnect(() -> store.peek(key, rate, T0).filter(outcome -> !outcome.admitted()));

        double failuresAfterReconnect = failures("open");
        assertThat(acquire(store, key, rate, T0)).isEqualTo(new Outcome(false, 0, Duration.ofMinutes(1)));
        assertThat(acquire(store, prefix + "open-fresh", rate, T0).admitted()).isTrue();
        assertThat(acquire(store, prefix + "open-fresh", rate, T0).admitted()).isFalse();
        assertThat(failures("open")).isEqualTo(failuresAfterReconnect);
    }

    @Test
    void acquireWhenRedisCutAndFailClosedThen503WithRetryAfterAndRecoversAfterRestore() {
        TestRedis.Proxy proxy = proxy();
        RedisThrottleStore store = storeBehindProxy(proxy, false, Clock.systemUTC());
        Rate rate = Rate.parse("1/min");
        String key = prefix + "closed";
        assertThat(acquire(store, key, rate, T0).admitted()).isTrue();

        proxy.cut();
        for (int i = 0; i < 3; i++) {
            StepVerifier.create(store.acquire(prefix + "closed-fresh", rate, T0))
                    .expectErrorSatisfies(error -> {
                        assertThat(error).isInstanceOf(ApiException.class);
                        ApiException api = (ApiException) error;
                        assertThat(api.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                        assertThat(api.headers().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
                    })
                    .verify(ANSWERS_WITHIN);
        }
        StepVerifier.create(store.peek(key, rate, T0))
                .expectError(ApiException.class)
                .verify(ANSWERS_WITHIN);
        assertThat(failures("closed")).isEqualTo(4);

        proxy.restore();
        awaitReconnect(() -> store.peek(key, rate, T0).onErrorResume(ApiException.class, error -> Mono.empty()));

        assertThat(acquire(store, key, rate, T0)).isEqualTo(new Outcome(false, 0, Duration.ofMinutes(1)));
        assertThat(acquire(store, prefix + "closed-fresh", rate, T0).admitted()).isTrue();
        assertThat(acquire(store, prefix + "closed-fresh", rate, T0).admitted()).isFalse();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void warningWhenRedisFailsManyTimesThenLoggedAtMostOnceAMinute(CapturedOutput output) {
        MutableClock clock = new MutableClock();
        TestRedis.Proxy proxy = proxy();
        RedisThrottleStore store = storeBehindProxy(proxy, true, clock);
        Rate rate = Rate.parse("10/min");
        assertThat(acquire(store, prefix + "warn", rate, T0).admitted()).isTrue();
        assertThat(warnings(output)).isZero();

        proxy.cut();
        failTimes(store, 25);
        assertThat(warnings(output)).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1).minusMillis(1));
        failTimes(store, 25);
        assertThat(warnings(output)).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        failTimes(store, 25);
        assertThat(warnings(output)).isEqualTo(2);
        assertThat(failures("open")).isEqualTo(75);
    }

    // helpers

    /** A store on a connection of its own; {@code store(..., false, ...)} makes a Redis failure an error. */
    private RedisThrottleStore store(String host, int port, boolean failOpen, Clock clock) {
        return store(host, port, failOpen, clock, Duration.ofSeconds(5));
    }

    /**
     * For the tests where Redis goes away: a timeout well under {@link #ANSWERS_WITHIN}, so that a
     * hang would show, yet above what a first script run in a cold JVM on a busy machine may take.
     */
    private RedisThrottleStore storeBehindProxy(TestRedis.Proxy proxy, boolean failOpen, Clock clock) {
        return store(proxy.host(), proxy.port(), failOpen, clock, Duration.ofSeconds(1));
    }

    private RedisThrottleStore store(String host, int port, boolean failOpen, Clock clock, Duration timeout) {
        return new RedisThrottleStore(template(host, port), timeout, new RedisFailurePolicy(failOpen, meters, clock));
    }

    /**
     * A connection of its own, with exactly the client options the application configures, made
     * here rather than by the first decision: a cold JVM on a busy machine may take longer than a
     * store's timeout to make it, and these tests are not about that.
     */
    private ReactiveStringRedisTemplate template(String host, int port) {
        io.lettuce.core.ClientOptions.Builder options = io.lettuce.core.ClientOptions.builder();
        new ThrottleConfiguration().failFastWhenRedisIsDown().customize(options);
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port),
                LettuceClientConfiguration.builder().clientOptions(options.build()).build());
        factory.setEagerInitialization(true);
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return new ReactiveStringRedisTemplate(factory);
    }

    private ReactiveStringRedisTemplate direct() {
        return template(TestRedis.host(), TestRedis.port());
    }

    private TestRedis.Proxy proxy() {
        TestRedis.Proxy proxy = TestRedis.proxy();
        proxies.add(proxy);
        return proxy;
    }

    private static Outcome acquire(ThrottleStore store, String key, Rate rate, Instant now) {
        return store.acquire(key, rate, now).block(WAIT);
    }

    private static Outcome peek(ThrottleStore store, String key, Rate rate, Instant now) {
        return store.peek(key, rate, now).block(WAIT);
    }

    private long size(String key) {
        return direct().opsForZSet().size("throttle:" + key).block(WAIT);
    }

    private boolean exists(String key) {
        return direct().hasKey("throttle:" + key).block(WAIT);
    }

    private double failures(String policy) {
        return meters.get(FAILURES).tag("policy", policy).counter().count();
    }

    /** Polls (bounded) until Redis itself answers again: {@code answered} is empty until then. */
    private static void awaitReconnect(Supplier<Mono<Outcome>> answered) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Optional<Outcome> outcome = answered.get().blockOptional(WAIT);
            if (outcome.isPresent()) {
                return;
            }
            assertThat(System.nanoTime()).as("Redis answers again within 10 s of the restore").isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void failTimes(RedisThrottleStore store, int times) {
        for (int i = 0; i < times; i++) {
            StepVerifier.create(store.acquire(prefix + "warn", Rate.parse("10/min"), T0))
                    .assertNext(outcome -> assertThat(outcome.admitted()).isTrue())
                    .expectComplete()
                    .verify(ANSWERS_WITHIN);
        }
    }

    private static long warnings(CapturedOutput output) {
        return output.getAll().lines().filter(line -> line.contains(WARNING)).count();
    }
}
