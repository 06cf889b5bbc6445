package org.clientsapi.throttle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sliding logs in Redis, shared by every instance: each decision is one Lua script, which Redis
 * runs atomically. Redis trouble never hangs a request: after {@code timeout} the
 * {@link RedisFailurePolicy} answers instead.
 */
final class RedisThrottleStore implements ThrottleStore {

    // Read once, here: a script backed by a resource is read again on the event loop (its
    // modification time on every call, its text after each NOSCRIPT), which is blocking I/O.
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT = RedisScript.of(text("throttle/sliding-log.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;
    private final RedisFailurePolicy failure;

    RedisThrottleStore(ReactiveStringRedisTemplate redis, Duration timeout, RedisFailurePolicy failure) {
        this.redis = redis;
        this.timeout = timeout;
        this.failure = failure;
    }

    @Override
    public Mono<Outcome> acquire(String key, Rate rate, Instant now) {
        return decide(key, rate, now, true);
    }

    @Override
    public Mono<Outcome> peek(String key, Rate rate, Instant now) {
        return decide(key, rate, now, false);
    }

    @Override
    public String name() {
        return "redis";
    }

    /** Whether Redis answers, within a second; off the event loop for the reason {@link #decide} gives. */
    Mono<String> ping() {
        return redis.execute(connection -> connection.ping())
                .next()
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(1));
    }

    private Mono<Outcome> decide(String key, Rate rate, Instant now, boolean record) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        // Unique per request even when two instances log the same microsecond.
        String member = micros + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        List<String> args = List.of(Long.toString(micros), Long.toString(rate.period().toNanos() / 1_000),
                Integer.toString(rate.count()), member, record ? "1" : "0");
        return redis.execute(SCRIPT, List.of("throttle:" + key), args)
                .next()
                // Taking the template's connection locks, and the first time connects and waits:
                // never on the event loop, where a Redis that does not answer would stall it.
                .subscribeOn(Schedulers.boundedElastic())
                .map(RedisThrottleStore::outcome)
                .timeout(timeout)
                .onErrorResume(error -> failure.handle(error, rate));
    }

    private static String text(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    private static Outcome outcome(List<?> reply) {
        boolean admitted = ((Number) reply.get(0)).longValue() == 1;
        int remaining = (int) ((Number) reply.get(1)).longValue();
        Duration reset = Duration.ofNanos(((Number) reply.get(2)).longValue() * 1_000);
        return new Outcome(admitted, remaining, reset);
    }
}
