package org.clientsapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.clientsapi.reliability.Calls.Answer;
import org.clientsapi.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole service on the Redis throttle store (fail-open, the default) while Redis goes away and
 * comes back, then hangs and comes back, under load: every request is answered, 200, within
 * {@link #BOUND} (redis-timeout is 100 ms). The store's own tests cover fail-closed and counting.
 */
@ExtendWith(TestRedis.class)
class RedisLossApiTest {

    static final long BOUND = 1_500;

    @Test
    void requestsWhenRedisCutThenBackThenHangingThenBackAllAnsweredInTime() throws Exception {
        try (TestRedis.Proxy redis = TestRedis.proxy();
                ServiceOnOwnDatabase service = ServiceOnOwnDatabase.start("--clients-api.throttle.store=redis",
                        "--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
                        "--clients-api.throttle.rates.user=1000/s")) {
            Calls calls = new Calls(service.base, service.token);
            DatabaseFaultsTest.warmUp(calls);
            AtomicReference<String> phase = new AtomicReference<>("up");
            ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
            List<Answer> slowOrFailed = new ArrayList<>();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 4; i++) {
                load.submit(() -> {
                    while (running.get()) {
                        String during = phase.get();
                        Answer answer = calls.list();
                        answers.add(during);
                        if (!answer.is(200) || answer.millis() > BOUND) {
                            synchronized (slowOrFailed) {
                                slowOrFailed.add(answer);
                            }
                        }
                    }
                });
            }
            try {
                Thread.sleep(1_000);
                phase.set("cut");
                redis.cut();
                Thread.sleep(2_000);
                phase.set("restored");
                redis.restore();
                Thread.sleep(2_000);
                phase.set("hanging");
                redis.stall();
                Thread.sleep(2_000);
                phase.set("unstalled");
                redis.unstall();
                Thread.sleep(2_000);
            } finally {
                running.set(false);
                load.shutdown();
                assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(slowOrFailed).as("answers not 200 within " + BOUND + " ms").isEmpty();
            for (String during : List.of("up", "cut", "restored", "hanging", "unstalled")) {
                assertThat(answers).as("requests answered while Redis was " + during).contains(during);
            }
        }
    }
}
