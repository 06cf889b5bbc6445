package org.clientsapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import org.clientsapi.reliability.Calls.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The database goes away under load and comes back; the pool is held by slow queries. The
 * promises (README, Reliability): every request is answered within {@link #ANSWER_BOUND}, with
 * 503 problem+json and {@code Retry-After} when the database cannot serve it; health shows DOWN;
 * the service serves again within 5 s of the database's return, with no restart.
 */
class DatabaseFaultsTest {

    /** max-acquire-time (2 s), plus room for a loaded 2-core machine. */
    static final long ANSWER_BOUND = 3_000;
    static final long RECOVERY_BOUND = 5_000;

    static ServiceOnOwnDatabase service;

    @BeforeAll
    static void start() {
        service = ServiceOnOwnDatabase.start();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void requestsWhenPostgresStopsUnderLoadThen503FastHealthDownAndServingWithin5sOfItsReturn() throws Exception {
        Calls calls = new Calls(service.base, service.token);
        warmUp(calls);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            boolean writer = i % 2 == 0;
            load.submit(() -> {
                while (running.get()) {
                    answers.add(writer ? calls.create() : calls.list());
                }
            });
        }
        List<Answer> health = new ArrayList<>();
        long stopped;
        long resuming;
        long firstServed = -1;
        try {
            Thread.sleep(1_500);
            assertThat(answers).isNotEmpty().allSatisfy(a -> assertThat(a.status()).isIn(200, 201));

            service.postgres.stop();
            stopped = calls.now();
            Thread.sleep(3_000);
            health.add(calls.health());
            Thread.sleep(500);

            // from the moment the restart begins: the server may accept connections before resume() returns
            resuming = calls.now();
            service.postgres.resume();
            while (calls.now() - resuming < RECOVERY_BOUND + 2_000) {
                Answer answer = calls.list();
                if (answer.is(200)) {
                    firstServed = answer.sentAt() + answer.millis();
                    break;
                }
                Thread.sleep(50);
            }
            Thread.sleep(1_500);
            health.add(calls.health());
        } finally {
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            service.postgres.resume();
        }

        long recovery = firstServed - resuming;
        List<Answer> all = List.copyOf(answers);
        long slowest = all.stream().mapToLong(Answer::millis).max().orElse(0);
        System.out.printf("database outage: %d answers, %d were 503, slowest %d ms; served again %d ms after "
                + "its restart began%n", all.size(), all.stream().filter(a -> a.is(503)).count(), slowest, recovery);

        assertThat(firstServed).as("served again after the database's return").isPositive();
        assertThat(recovery).as("ms from the database's restart to the first 200").isLessThanOrEqualTo(RECOVERY_BOUND);
        assertThat(all).as("no request waits past the bound").allSatisfy(a ->
                assertThat(a.millis()).as(a.toString()).isLessThanOrEqualTo(ANSWER_BOUND));
        assertThat(all).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isIn(200, 201, 503));
        assertThat(all).filteredOn(a -> a.is(503)).allSatisfy(DatabaseFaultsTest::assertUnavailable);
        // every request sent while the database was down (after a moment for the sessions to die) failed, fast
        List<Answer> duringOutage = all.stream()
                .filter(a -> a.sentAt() > stopped + 200 && a.sentAt() + a.millis() < resuming).toList();
        assertThat(duringOutage).hasSizeGreaterThan(5).allSatisfy(a -> assertThat(a.status()).isEqualTo(503));
        // once served again, served for good
        assertThat(all).filteredOn(a -> a.sentAt() > resuming + RECOVERY_BOUND)
                .allSatisfy(a -> assertThat(a.status()).as(a.toString()).isIn(200, 201));
        assertThat(health.get(0).status()).isEqualTo(503);
        assertThat(health.get(0).body()).contains("\"DOWN\"");
        assertThat(health.get(0).millis()).isLessThanOrEqualTo(ANSWER_BOUND);
        assertThat(health.get(1).status()).isEqualTo(200);
        assertThat(health.get(1).body()).contains("\"UP\"");
    }

    /** The pool's idle connections all died with the server: none is handed to a request. */
    @Test
    void requestsWhenPostgresRestartedWhileIdleThenServedAtOnce() {
        Calls calls = new Calls(service.base, service.token);
        warmUp(calls);
        ConnectionPool pool = service.pool();
        int max = pool.getMetrics().orElseThrow().getMaxAllocatedSize();
        // every connection of the pool made and idle
        Flux.range(0, max).flatMap(i -> Mono.from(pool.create()), max)
                .flatMap(Connection::close).then().block(Duration.ofSeconds(30));
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (pool.getMetrics().orElseThrow().idleSize() < 4 && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        assertThat(pool.getMetrics().orElseThrow().idleSize()).as("idle pooled connections").isGreaterThanOrEqualTo(4);

        service.postgres.stop();
        service.postgres.resume();

        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 2 * max; i++) {
            answers.add(i % 2 == 0 ? calls.list() : calls.create());
        }
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isIn(200, 201));
    }

    @Test
    void requestsWhenEveryPoolConnectionIsHeldBySlowQueriesThen503AfterTheAcquireTimeAndServedOnRelease() {
        Calls calls = new Calls(service.base, service.token);
        warmUp(calls);
        ConnectionPool pool = service.pool();
        int max = pool.getMetrics().orElseThrow().getMaxAllocatedSize();
        List<Connection> held = Flux.range(0, max).flatMap(i -> Mono.from(pool.create()), max)
                .collectList().block(Duration.ofSeconds(30));
        try {
            assertThat(pool.getMetrics().orElseThrow().acquiredSize()).isEqualTo(max);
            // the slow queries: each holds its connection for 6 s
            Flux.fromIterable(held)
                    .flatMap(c -> Flux.from(c.createStatement("select pg_sleep(6)").execute())
                            .flatMap(r -> r.map((row, meta) -> 1)))
                    .subscribe();

            List<Answer> answers = Flux.range(0, 8).flatMap(i -> Mono.fromCallable(calls::list)
                            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 8)
                    .collectList().block(Duration.ofSeconds(30));

            System.out.printf("pool exhausted: %s%n", answers.stream().map(a -> a.status() + " in " + a.millis()
                    + " ms").toList());
            assertThat(answers).hasSize(8).allSatisfy(a -> {
                assertThat(a.status()).as(a.toString()).isEqualTo(503);
                assertUnavailable(a);
                assertThat(a.millis()).as("waited about max-acquire-time (2 s), no longer")
                        .isBetween(1_500L, ANSWER_BOUND);
            });
        } finally {
            Flux.fromIterable(held).flatMap(Connection::close).then().block(Duration.ofSeconds(30));
        }
        long released = calls.now();
        Answer after = calls.list();
        while (!after.is(200) && calls.now() - released < 10_000) {
            after = calls.list();
        }
        assertThat(after.status()).isEqualTo(200);
        assertThat(calls.create().status()).isEqualTo(201);
    }

    /**
     * One of each request before the load: a type's first (de)serialization takes a lock in Jackson,
     * which BlockHound, installed in the test JVM, reports when concurrent first requests contend.
     */
    static void warmUp(Calls calls) {
        assertThat(calls.create().status()).isEqualTo(201);
        assertThat(calls.list().status()).isEqualTo(200);
    }

    static void assertUnavailable(Answer answer) {
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.retryAfter()).as(answer.toString()).matches("[1-9][0-9]*");
        assertThat(answer.body()).contains("\"code\":\"unavailable\"")
                .contains("\"detail\":\"Service temporarily unavailable.\"");
    }
}
